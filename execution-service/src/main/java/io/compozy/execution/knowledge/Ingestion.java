package io.compozy.execution.knowledge;

import io.compozy.contracts.dsl.KnowledgeBaseDef;
import io.compozy.contracts.json.Json;
import io.compozy.contracts.message.IngestStatus;
import io.compozy.contracts.message.KnowledgeIngestEvent;
import io.compozy.contracts.message.KnowledgeIngestStep;
import io.compozy.contracts.topic.Topics;
import io.compozy.knowledge.KnowledgeException;
import io.compozy.knowledge.KnowledgeStore;
import io.compozy.support.problem.DependencyFailures;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Runs ingestion jobs as steps over Kafka: a job is queued by {@link #submit}; its plan step lists
 * the base's documents and sends one step per document; each document step reads, splits and embeds
 * one document and counts it; the step that counts the last one deletes what left the sources and
 * ends the job. A step that comes twice (a restart before its offset was committed) does its
 * document again at no cost (unchanged chunks are not embedded again) and is not counted twice, so
 * a job cut by a restart goes on where it was. A canceled job's remaining steps do nothing.
 */
@Component
public class Ingestion {
  private static final Logger log = LoggerFactory.getLogger(Ingestion.class);
  private static final Duration REDIS = Duration.ofSeconds(10);
  private final KnowledgeBases bases;
  private final IngestJobs jobs;
  private final KafkaTemplate<String, String> kafka;
  private final Clock clock;
  private final ChunkReplica replica;

  Ingestion(
      KnowledgeBases bases,
      IngestJobs jobs,
      KafkaTemplate<String, String> kafka,
      ChunkReplica replica,
      Clock clock) {
    this.bases = bases;
    this.replica = replica;
    this.jobs = jobs;
    this.kafka = kafka;
    this.clock = clock;
  }

  /** Queues a job for the base: recorded, then its plan step sent. */
  public Mono<IngestJob> submit(String knowledgeBaseId) {
    // send waits for the topic's metadata (up to max.block.ms) when it has none: not on the
    // request's event loop
    return jobs.create(knowledgeBaseId)
        .flatMap(
            job ->
                Mono.fromFuture(
                        () ->
                            kafka.send(
                                Topics.KNOWLEDGE_INGEST,
                                knowledgeBaseId,
                                Json.write(
                                    new KnowledgeIngestStep(
                                        job.jobId(),
                                        knowledgeBaseId,
                                        KnowledgeIngestStep.Kind.PLAN,
                                        null,
                                        clock.instant()))))
                    .subscribeOn(Schedulers.boundedElastic())
                    .thenReturn(job));
  }

  /**
   * Queues the removal of a deleted base's chunks: keyed by the base, so it runs before the steps
   * of a base made again under its id. Every instance that sees the deletion sends one; the second
   * finds nothing left.
   */
  void purge(KnowledgeBaseDef deleted) {
    kafka.send(
        Topics.KNOWLEDGE_INGEST,
        deleted.id(),
        Json.write(
            new KnowledgeIngestStep(
                "purge",
                deleted.id(),
                KnowledgeIngestStep.Kind.PURGE,
                null,
                clock.instant(),
                deleted,
                null)));
  }

  /** Runs one step; blocks (it embeds), so it runs on a consumer thread. */
  void run(KnowledgeIngestStep step) {
    if (step.kind() == KnowledgeIngestStep.Kind.PURGE) {
      purged(step);
      return;
    }
    IngestJob job = block(jobs.get(step.jobId())).orElse(null);
    if (job == null) {
      log.warn("knowledge: ingestion step for an unknown job {} (expired?) dropped", step.jobId());
      return;
    }
    // a step reads this instance's replica to know which chunks exist: it must hold what came
    // before
    // (for a document step, what its plan saw: the other documents of its job are not its business)
    boolean current =
        step.chunksAfter() != null
            ? replica.awaitApplied(step.chunksAfter(), Duration.ofSeconds(30))
            : replica.awaitCurrent(Duration.ofSeconds(30));
    if (!current) {
      log.warn(
          "knowledge: this instance's indexes lag behind {}; job {} may embed some chunks again",
          Topics.KNOWLEDGE_CHUNKS,
          job.jobId());
    }
    switch (step.kind()) {
      case PLAN -> plan(job);
      case DOCUMENT -> document(job, step.source());
      case PURGE ->
          throw new IllegalStateException("a purge step is run before its job is looked up");
    }
  }

  private void purged(KnowledgeIngestStep step) {
    if (step.deleted() == null || bases.definition(step.knowledgeBaseId()).isPresent()) {
      return; // made again meanwhile: its next ingest sweeps what its sources no longer hold
    }
    if (!replica.awaitCurrent(Duration.ofSeconds(30))) {
      log.warn(
          "knowledge: this instance's indexes lag behind {}; the purge of {} may miss chunks",
          Topics.KNOWLEDGE_CHUNKS,
          step.knowledgeBaseId());
    }
    try {
      int removed = bases.purge(step.deleted());
      if (removed > 0) {
        log.info(
            "knowledge base {} was deleted: its {} chunks removed",
            step.knowledgeBaseId(),
            removed);
      }
    } catch (KnowledgeException e) {
      log.warn(
          "knowledge base {} was deleted, but its chunks were not removed: {}",
          step.knowledgeBaseId(),
          e.getMessage());
    }
  }

  private void plan(IngestJob job) {
    if (job.state() != IngestStatus.QUEUED && job.state() != IngestStatus.RUNNING) {
      return; // canceled before it started, or a plan step delivered again after the job ended
    }
    List<String> sources;
    try {
      sources = bases.sources(job.knowledgeBaseId());
    } catch (KnowledgeException e) {
      fail(job, e.field(), e.getMessage());
      return;
    }
    if (!block(jobs.plan(job.jobId(), sources))) {
      return; // canceled meanwhile
    }
    publish(job.jobId());
    if (sources.isEmpty()) {
      finish(job);
      return;
    }
    Map<Integer, Long> seen = replica.appliedOffsets();
    var sends =
        sources.stream()
            .map(
                source ->
                    kafka.send(
                        Topics.KNOWLEDGE_INGEST,
                        job.knowledgeBaseId(),
                        Json.write(
                            new KnowledgeIngestStep(
                                job.jobId(),
                                job.knowledgeBaseId(),
                                KnowledgeIngestStep.Kind.DOCUMENT,
                                source,
                                clock.instant(),
                                null,
                                seen))))
            .toList();
    try {
      CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(
          "knowledge: the document steps of job "
              + job.jobId()
              + " were not all sent: "
              + e.getMessage(),
          e);
    }
  }

  private void document(IngestJob job, @Nullable String source) {
    if (job.state() == IngestStatus.FINISHING) {
      finish(job); // the step that counted the last document was cut before the job ended
      return;
    }
    if (job.state() != IngestStatus.RUNNING || source == null) {
      return;
    }
    KnowledgeStore.Report report;
    try {
      report = bases.ingestDocument(job.knowledgeBaseId(), source);
    } catch (KnowledgeException e) {
      fail(job, e.field(), e.getMessage());
      return;
    } catch (
        UncheckedIOException e) { // a file that cannot be read, an index that cannot be written
      fail(
          job,
          "sources",
          "knowledge base '"
              + job.knowledgeBaseId()
              + "': "
              + source
              + ": "
              + e.getCause().getMessage());
      return;
    } catch (RuntimeException e) {
      if (DependencyFailures.of(e) != null) {
        throw e; // the platform's own Postgres, Redis or Kafka away: the step is delivered again
        // until it is back
      }
      // anything else (a store that answers errors, …) would go to the dead letters and leave the
      // job running for ever
      fail(
          job,
          "vector_db",
          "knowledge base '"
              + job.knowledgeBaseId()
              + "': "
              + source
              + " could not be stored: "
              + e.getMessage());
      return;
    }
    IngestJobs.DocumentCount count =
        block(
            jobs.documentDone(
                job.jobId(),
                source,
                report.embedded() + report.kept(),
                report.embedded(),
                report.kept(),
                report.deleted()));
    publish(job.jobId());
    if (count == IngestJobs.DocumentCount.LAST) {
      finish(job);
    }
  }

  private void finish(IngestJob job) {
    Set<String> planned = block(jobs.planned(job.jobId()));
    int deleted;
    try {
      // with the chunks edited documents lost on the way
      deleted =
          bases.sweep(job.knowledgeBaseId(), planned)
              + block(jobs.get(job.jobId())).map(IngestJob::deleted).orElse(0);
    } catch (KnowledgeException e) {
      fail(job, e.field(), e.getMessage());
      return;
    }
    if (block(
        jobs.transition(
            job.jobId(),
            Set.of(IngestStatus.FINISHING, IngestStatus.RUNNING),
            IngestStatus.SUCCEEDED,
            Map.of("deleted", Integer.toString(deleted))))) {
      IngestJob done = block(jobs.get(job.jobId())).orElseThrow();
      log.info(
          "knowledge base {} ingested (job {}): {} documents, {} chunks ({} embedded, {} kept, {}"
              + " deleted)",
          done.knowledgeBaseId(),
          done.jobId(),
          done.documentsTotal(),
          done.chunks(),
          done.embedded(),
          done.kept(),
          done.deleted());
      publish(job.jobId());
    }
  }

  private void fail(IngestJob job, String field, String message) {
    if (block(
        jobs.transition(
            job.jobId(),
            Set.of(IngestStatus.QUEUED, IngestStatus.RUNNING, IngestStatus.FINISHING),
            IngestStatus.FAILED,
            Map.of("error_field", field, "error_message", message)))) {
      log.warn(
          "knowledge base {} was not ingested (job {}): {}",
          job.knowledgeBaseId(),
          job.jobId(),
          message);
      publish(job.jobId());
    }
  }

  /** Cancels a job that has not ended; its remaining steps then do nothing. */
  public Mono<Boolean> cancel(String jobId) {
    return jobs.transition(
            jobId,
            Set.of(IngestStatus.QUEUED, IngestStatus.RUNNING, IngestStatus.FINISHING),
            IngestStatus.CANCELED,
            Map.of())
        .doOnNext(
            moved -> {
              if (moved) {
                publish(jobId);
              }
            });
  }

  private void publish(String jobId) {
    jobs.get(jobId)
        .subscribe(
            j ->
                j.ifPresent(
                    job ->
                        kafka.send(
                            Topics.KNOWLEDGE_EVENTS,
                            job.knowledgeBaseId(),
                            Json.write(
                                new KnowledgeIngestEvent(
                                    job.jobId(),
                                    job.knowledgeBaseId(),
                                    job.status(),
                                    job.documentsDone(),
                                    job.documentsTotal(),
                                    job.chunks(),
                                    job.embedded(),
                                    job.kept(),
                                    job.deleted(),
                                    job.error() == null ? null : job.error().get("message"),
                                    clock.instant())))),
            e -> log.debug("knowledge: progress of job {} not published: {}", jobId, e.toString()));
  }

  private static <T> T block(Mono<T> mono) {
    T value = mono.block(REDIS);
    if (value == null) {
      throw new IllegalStateException("knowledge: no answer from Redis");
    }
    return value;
  }
}
