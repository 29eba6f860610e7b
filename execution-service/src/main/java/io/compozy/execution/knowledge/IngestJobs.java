package io.compozy.execution.knowledge;

import io.compozy.contracts.id.ExecutionIds;
import io.compozy.contracts.message.IngestStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Ingestion jobs in Redis, shared by every instance: a hash per job with its status and counts, the
 * set of documents it planned and the set it has done (so a step delivered twice counts once), and
 * per base the recent jobs, newest first. Everything expires a week after its last change.
 */
@Component
public class IngestJobs {
  static final Duration KEEP = Duration.ofDays(7);

  /** The recent jobs kept per base. */
  static final int RECENT = 20;

  private static final RedisScript<Long> DOCUMENT_DONE =
      RedisScript.of(script("knowledge/ingest_document_done.lua"), Long.class);
  private static final RedisScript<Long> TRANSITION =
      RedisScript.of(script("knowledge/ingest_transition.lua"), Long.class);

  private final ReactiveStringRedisTemplate redis;
  private final Clock clock;

  IngestJobs(ReactiveStringRedisTemplate redis, Clock clock) {
    this.redis = redis;
    this.clock = clock;
  }

  /** What {@link #documentDone} found. */
  public enum DocumentCount {
    LAST,
    MORE_TO_COME,
    JOB_NOT_RUNNING,
    ALREADY_COUNTED
  }

  public Mono<IngestJob> create(String knowledgeBaseId) {
    String id = ExecutionIds.next("ing_");
    String now = clock.instant().toString();
    Map<String, String> h = new LinkedHashMap<>();
    h.put("id", id);
    h.put("knowledge_base_id", knowledgeBaseId);
    h.put("status", IngestStatus.QUEUED.wire());
    h.put("created_at", now);
    h.put("updated_at", now);
    String recent = recentKey(knowledgeBaseId);
    return redis
        .opsForHash()
        .putAll(key(id), h)
        .then(redis.expire(key(id), KEEP))
        .then(redis.opsForZSet().add(recent, id, clock.millis()))
        .then(redis.opsForZSet().removeRange(recent, Range.closed(0L, (long) -RECENT - 1)))
        .then(redis.expire(recent, KEEP))
        .thenReturn(IngestJob.of(h));
  }

  public Mono<Optional<IngestJob>> get(String jobId) {
    return redis
        .<String, String>opsForHash()
        .entries(key(jobId))
        .collectMap(Map.Entry::getKey, Map.Entry::getValue)
        .map(h -> h.isEmpty() ? Optional.<IngestJob>empty() : Optional.of(IngestJob.of(h)));
  }

  /** The base's recent jobs, newest first. */
  public Mono<List<IngestJob>> recent(String knowledgeBaseId) {
    return redis
        .opsForZSet()
        .reverseRange(recentKey(knowledgeBaseId), Range.closed(0L, (long) RECENT - 1))
        .concatMap(id -> get(id).flatMap(j -> Mono.justOrEmpty(j)))
        .collectList();
  }

  /**
   * Moves the job to {@code to} when it is in one of {@code from}, setting {@code fields} with it.
   */
  public Mono<Boolean> transition(
      String jobId, Set<IngestStatus> from, IngestStatus to, Map<String, String> fields) {
    List<String> args = new ArrayList<>();
    args.add(from.stream().map(IngestStatus::wire).collect(Collectors.joining(",")));
    args.add(to.wire());
    Map<String, String> all = new LinkedHashMap<>(fields);
    all.put("updated_at", clock.instant().toString());
    if (to.ended()) {
      all.put("finished_at", clock.instant().toString());
    }
    all.forEach(
        (k, v) -> {
          args.add(k);
          args.add(v);
        });
    return redis.execute(TRANSITION, List.of(key(jobId)), args).next().map(n -> n == 1L);
  }

  /**
   * Records the documents the job will read and starts it (again, when its plan step came twice).
   */
  public Mono<Boolean> plan(String jobId, List<String> sources) {
    String planned = key(jobId) + ":planned";
    Mono<Long> write =
        sources.isEmpty()
            ? Mono.just(0L)
            : Flux.fromIterable(sources)
                .buffer(500)
                .concatMap(batch -> redis.opsForSet().add(planned, batch.toArray(String[]::new)))
                .reduce(0L, Long::sum);
    return redis
        .delete(planned)
        .then(write)
        .then(redis.expire(planned, KEEP))
        .then(
            transition(
                jobId,
                Set.of(IngestStatus.QUEUED, IngestStatus.RUNNING),
                IngestStatus.RUNNING,
                Map.of("documents_total", Integer.toString(sources.size()))));
  }

  public Mono<Set<String>> planned(String jobId) {
    return redis.opsForSet().members(key(jobId) + ":planned").collect(Collectors.toSet());
  }

  /** Counts a document done with its chunks; tells whether it was the job's last one. */
  public Mono<DocumentCount> documentDone(
      String jobId, String source, int chunks, int embedded, int kept, int deleted) {
    return redis
        .execute(
            DOCUMENT_DONE,
            List.of(key(jobId), key(jobId) + ":done"),
            List.of(
                source,
                Integer.toString(chunks),
                Integer.toString(embedded),
                Integer.toString(kept),
                clock.instant().toString(),
                Long.toString(KEEP.toSeconds()),
                Integer.toString(deleted)))
        .next()
        .map(
            n ->
                switch (n.intValue()) {
                  case 1 -> DocumentCount.LAST;
                  case 0 -> DocumentCount.MORE_TO_COME;
                  case -2 -> DocumentCount.ALREADY_COUNTED;
                  default -> DocumentCount.JOB_NOT_RUNNING;
                });
  }

  private static String key(String jobId) {
    return "compozy:knowledge:job:" + jobId;
  }

  private static String recentKey(String knowledgeBaseId) {
    return "compozy:knowledge:jobs:" + knowledgeBaseId;
  }

  private static String script(String path) {
    try (var in = new ClassPathResource(path).getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
