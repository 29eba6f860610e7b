package io.compozy.contracts.message;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The progress of an ingestion job, on {@code compozy.knowledge.events} keyed by the base: sent
 * when the job is planned, after each document, and when it ends. {@code chunks} counts the chunks
 * of the documents done so far ({@code embedded} new or changed, {@code kept} unchanged); {@code
 * deleted} the chunks of documents gone from the sources, known at the end.
 */
public record KnowledgeIngestEvent(
    String jobId,
    String knowledgeBaseId,
    IngestStatus status,
    int documentsDone,
    int documentsTotal,
    int chunks,
    int embedded,
    int kept,
    int deleted,
    @Nullable String error,
    Instant at) {}
