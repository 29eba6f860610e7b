package io.compozy.contracts.message;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One step of a knowledge base's ingestion job, on {@code compozy.knowledge.ingest}, keyed by the
 * base so one base's steps run in order: {@link Kind#PLAN} lists the base's documents and sends a
 * {@link Kind#DOCUMENT} step for each ({@code source} names it: a path under the project or a URL);
 * {@link Kind#PURGE} removes a deleted base's chunks, in order with the steps of a base made again.
 * A document step carries {@code chunksAfter}: the positions of {@code compozy.knowledge.chunks}
 * (by partition) its plan had read, which the instance running it must hold before it looks at what
 * the base has (only earlier jobs wrote what it looks at).
 */
public record KnowledgeIngestStep(
    String jobId,
    String knowledgeBaseId,
    Kind kind,
    @Nullable String source,
    Instant at,
    io.compozy.contracts.dsl.@Nullable KnowledgeBaseDef deleted,
    java.util.@Nullable Map<Integer, Long> chunksAfter) {
  public KnowledgeIngestStep(
      String jobId, String knowledgeBaseId, Kind kind, @Nullable String source, Instant at) {
    this(jobId, knowledgeBaseId, kind, source, at, null, null);
  }

  public enum Kind {
    PLAN,
    DOCUMENT,
    /**
     * The base was deleted ({@code deleted} is its last definition): its chunks go too, unless it
     * was made again meanwhile.
     */
    PURGE
  }
}
