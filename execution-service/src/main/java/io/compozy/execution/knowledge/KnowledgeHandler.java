package io.compozy.execution.knowledge;

import io.compozy.contracts.dsl.Durations;
import io.compozy.contracts.message.IngestStatus;
import io.compozy.contracts.schema.Violation;
import io.compozy.knowledge.Hit;
import io.compozy.knowledge.KnowledgeException;
import io.compozy.support.problem.ApiProblem;
import io.compozy.support.web.ApiResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A knowledge base's work (its definition is the registry's): {@code POST
 * /knowledge-bases/{id}/ingest}, its ingestion jobs, and {@code POST /knowledge-bases/{id}/query}
 * with {@code {query, top_k?, min_score?}} answering {@code {matches: [{content, score, metadata,
 * token_estimate}]}}. Ingest and query run off the event loop (the embedder and the index block).
 */
@RestController
@RequestMapping("/api/v0/knowledge-bases")
@Tag(name = "KnowledgeBases")
class KnowledgeHandler {
  private final KnowledgeBases bases;
  private final Ingestion ingestion;
  private final IngestJobs jobs;
  private final KnowledgeProperties properties;
  private final ChunkReplica replica;

  KnowledgeHandler(
      KnowledgeBases bases,
      Ingestion ingestion,
      IngestJobs jobs,
      KnowledgeProperties properties,
      ChunkReplica replica) {
    this.replica = replica;
    this.bases = bases;
    this.ingestion = ingestion;
    this.jobs = jobs;
    this.properties = properties;
  }

  /**
   * A query: Compozy's {@code query} (or {@code text}), and retrieval settings that win over the
   * base's.
   */
  record QueryRequest(
      @Nullable Object query,
      @Nullable Object text,
      @Nullable Object topK,
      @Nullable Object minScore,
      @Nullable Map<String, Object> filters) {}

  /**
   * Queues an ingestion job and waits for it up to {@code wait} (Compozy answers an ingest with its
   * counts, so by default the answer waits, up to {@code compozy.knowledge.ingest-wait}): 200 with
   * the counts when it ended in time, 202 with the job (and where to follow it) when not, 422
   * naming the field when it failed. {@code ?wait=0} answers 202 at once.
   */
  @PostMapping("/{id}/ingest")
  @Operation(
      operationId = "ingestKnowledgeBase",
      summary = "Ingests a knowledge base (waits for the job up to 60 s, else 202)")
  @io.swagger.v3.oas.annotations.responses.ApiResponse(
      responseCode = "200",
      description = "Ingested (within compozy.knowledge.ingest-wait)")
  @io.swagger.v3.oas.annotations.responses.ApiResponse(
      responseCode = "202",
      description = "Queued or still running: follow Location")
  Mono<ResponseEntity<ApiResponse<KnowledgeAnswers.IngestOutcome>>> ingest(
      @PathVariable String id,
      @Parameter(
              description =
                  "how long to wait for the job: seconds (0 answers 202 at once) or a duration such"
                      + " as 90s, at most 10m; default 60 s")
          @RequestParam(name = "wait", required = false)
          @Nullable String wait) {
    bases.definition(id).orElseThrow(() -> ApiProblem.notFound("knowledge_base", id));
    Duration limit = waitLimit(wait);
    return ingestion
        .submit(id)
        .flatMap(
            job -> limit.isZero() ? Mono.just(job) : ended(job.jobId(), limit).defaultIfEmpty(job))
        // what the job wrote is in this instance's indexes before the answer: a query right after
        // finds it
        .flatMap(
            job ->
                job.state() != IngestStatus.SUCCEEDED
                    ? Mono.just(job)
                    : Mono.fromCallable(() -> replica.awaitCurrent(Duration.ofSeconds(10)))
                        .subscribeOn(Schedulers.boundedElastic())
                        .thenReturn(job))
        .map(
            job ->
                switch (job.state()) {
                  case SUCCEEDED ->
                      ResponseEntity.ok(
                          ApiResponse.of(
                              KnowledgeAnswers.IngestOutcome.done(job), "Knowledge base ingested"));
                  case FAILED ->
                      throw ApiProblem.invalidInput(
                          "the knowledge base cannot do that",
                          List.of(
                              new Violation(
                                  "/" + job.error().getOrDefault("field", "sources"),
                                  job.error().getOrDefault("message", "ingestion failed"))));
                  case CANCELED ->
                      throw new ApiProblem(
                          HttpStatus.CONFLICT,
                          "ingestion_canceled",
                          "Ingestion canceled",
                          "ingestion " + job.jobId() + " was canceled before it ended",
                          Map.of("job_id", job.jobId()));
                  default ->
                      ResponseEntity.accepted()
                          .location(
                              URI.create(
                                  "/api/v0/knowledge-bases/" + id + "/ingestions/" + job.jobId()))
                          .body(
                              ApiResponse.of(
                                  HttpStatus.ACCEPTED,
                                  KnowledgeAnswers.IngestOutcome.going(job),
                                  "Ingestion " + job.status().wire()));
                });
  }

  @GetMapping("/{id}/ingestions")
  @Operation(
      operationId = "listKnowledgeBaseIngestions",
      summary = "The recent ingestion jobs of a base")
  Mono<ApiResponse<KnowledgeAnswers.Ingestions>> ingestions(@PathVariable String id) {
    bases.definition(id).orElseThrow(() -> ApiProblem.notFound("knowledge_base", id));
    return jobs.recent(id)
        .map(
            all ->
                ApiResponse.of(new KnowledgeAnswers.Ingestions(all), all.size() + " ingestions"));
  }

  @GetMapping("/{id}/ingestions/{jobId}")
  @Operation(
      operationId = "getKnowledgeBaseIngestion",
      summary = "One ingestion job and its progress")
  Mono<ApiResponse<KnowledgeAnswers.Ingestion>> ingestion(
      @PathVariable String id, @PathVariable String jobId) {
    return job(id, jobId)
        .map(
            job ->
                ApiResponse.of(
                    new KnowledgeAnswers.Ingestion(job), "Ingestion " + job.status().wire()));
  }

  /** Cancels a job that has not ended: 202 with the job; 409 when it had already ended. */
  @PostMapping("/{id}/ingestions/{jobId}/cancel")
  @Operation(operationId = "cancelKnowledgeBaseIngestion", summary = "Cancels an ingestion job")
  @io.swagger.v3.oas.annotations.responses.ApiResponse(
      responseCode = "202",
      description = "Cancel requested")
  Mono<ResponseEntity<ApiResponse<KnowledgeAnswers.Ingestion>>> cancel(
      @PathVariable String id, @PathVariable String jobId) {
    return job(id, jobId)
        .flatMap(
            job ->
                ingestion
                    .cancel(jobId)
                    .flatMap(
                        moved -> {
                          if (!moved) {
                            return Mono.error(
                                new ApiProblem(
                                    HttpStatus.CONFLICT,
                                    "ingestion_ended",
                                    "Ingestion already ended",
                                    "ingestion "
                                        + jobId
                                        + " has already ended ("
                                        + job.status().wire()
                                        + ")",
                                    Map.of("status", job.status().wire())));
                          }
                          return job(id, jobId)
                              .map(
                                  canceled ->
                                      ResponseEntity.accepted()
                                          .body(
                                              ApiResponse.of(
                                                  HttpStatus.ACCEPTED,
                                                  new KnowledgeAnswers.Ingestion(canceled),
                                                  "Ingestion canceled")));
                        }));
  }

  private Mono<IngestJob> job(String id, String jobId) {
    return jobs.get(jobId)
        .flatMap(
            j ->
                j.filter(job -> job.knowledgeBaseId().equals(id))
                    .map(Mono::just)
                    .orElseGet(() -> Mono.error(ApiProblem.notFound("ingestion", jobId))));
  }

  /** The job once it has ended, looked at every 100 ms up to the limit; empty when it has not. */
  private Mono<IngestJob> ended(String jobId, Duration limit) {
    return Flux.interval(Duration.ZERO, Duration.ofMillis(100))
        .concatMap(tick -> jobs.get(jobId))
        .flatMap(Mono::justOrEmpty)
        .filter(job -> job.state().ended())
        .next()
        .timeout(limit, Mono.empty());
  }

  private Duration waitLimit(@Nullable String wait) {
    if (wait == null) {
      return properties.ingestWaitOrDefault();
    }
    try {
      Duration d =
          wait.matches("\\d+") ? Duration.ofSeconds(Long.parseLong(wait)) : Durations.parse(wait);
      if (d.isNegative() || d.compareTo(Duration.ofMinutes(10)) > 0) {
        throw new IllegalArgumentException("between 0 and 10m");
      }
      return d;
    } catch (RuntimeException e) {
      throw ApiProblem.badRequest(
              "invalid_parameter",
              "query parameter 'wait' must be a duration between 0 and 10m (seconds, or like 30s),"
                  + " got '"
                  + wait
                  + "'")
          .with("field", "wait");
    }
  }

  @PostMapping("/{id}/query")
  @Operation(operationId = "queryKnowledgeBase", summary = "The chunks nearest to a query")
  Mono<ApiResponse<KnowledgeAnswers.Matches>> query(
      @PathVariable String id, @RequestBody(required = false) @Nullable QueryRequest body) {
    bases.definition(id).orElseThrow(() -> ApiProblem.notFound("knowledge_base", id));
    Object q = body == null ? null : body.query() != null ? body.query() : body.text();
    if (!(q instanceof String text) || text.isBlank()) {
      throw ApiProblem.invalidInput(
          "the query is not valid",
          List.of(new Violation("/query", "give the text to search for")));
    }
    if (text.length() > 10_000) {
      throw ApiProblem.invalidInput(
          "the query is not valid",
          List.of(new Violation("/query", "at most 10000 characters, got " + text.length())));
    }
    Integer topK = integer(body.topK(), "/top_k", 1, 100);
    Double minScore = body.minScore() == null ? null : score(body.minScore());
    Map<String, String> filters = filters(body.filters());
    return Mono.fromCallable(
            () -> {
              if (!replica.caughtUp()) { // just started: the indexes are still reading the log
                replica.awaitCurrent(Duration.ofSeconds(10));
              }
              return bases.query(id, text, topK, minScore, filters);
            })
        .subscribeOn(Schedulers.boundedElastic())
        .onErrorMap(KnowledgeException.class, KnowledgeHandler::invalid)
        .map(
            hits ->
                ApiResponse.of(
                    new KnowledgeAnswers.Matches(hits.stream().map(h -> match(id, h)).toList()),
                    hits.size() + " matches"));
  }

  /** {@code filters}: a map of metadata names to the text they must equal, at most 16. */
  private static @Nullable Map<String, String> filters(@Nullable Map<String, Object> given) {
    if (given == null) {
      return null;
    }
    if (given.size() > 16) {
      throw ApiProblem.invalidInput(
          "the query is not valid",
          List.of(new Violation("/filters", "at most 16 filters, got " + given.size())));
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> f : given.entrySet()) {
      if (!(f.getValue() instanceof String
          || f.getValue() instanceof Number
          || f.getValue() instanceof Boolean)) {
        throw ApiProblem.invalidInput(
            "the query is not valid",
            List.of(
                new Violation(
                    "/filters/" + f.getKey(),
                    "a filter is the text a metadata field must equal, got "
                        + (f.getValue() == null
                            ? "null"
                            : "a " + f.getValue().getClass().getSimpleName()))));
      }
      out.put(f.getKey(), String.valueOf(f.getValue()));
    }
    return out;
  }

  private KnowledgeAnswers.Match match(String id, Hit h) {
    return new KnowledgeAnswers.Match(
        id,
        h.text(),
        h.score(),
        bases.metadata(id, h),
        h.text().isBlank() ? 0 : h.text().strip().split("\\s+").length);
  }

  private static @Nullable Integer integer(@Nullable Object v, String at, int min, int max) {
    if (v == null) {
      return null;
    }
    if (!(v instanceof Integer n) || n < min || n > max) {
      throw ApiProblem.invalidInput(
          "the query is not valid",
          List.of(new Violation(at, "an integer between " + min + " and " + max + ", got " + v)));
    }
    return n;
  }

  private static Double score(Object v) {
    if (!(v instanceof Number n) || n.doubleValue() < -1 || n.doubleValue() > 1) {
      throw ApiProblem.invalidInput(
          "the query is not valid",
          List.of(new Violation("/min_score", "a cosine similarity between -1 and 1, got " + v)));
    }
    return n.doubleValue();
  }

  private static ApiProblem invalid(Throwable e) {
    KnowledgeException k = (KnowledgeException) e;
    return ApiProblem.invalidInput(
        "the knowledge base cannot do that",
        List.of(new Violation("/" + k.field(), k.getMessage())));
  }
}
