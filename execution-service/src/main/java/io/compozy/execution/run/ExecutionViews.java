package io.compozy.execution.run;

import io.compozy.contracts.json.Json;
import io.compozy.execution.stream.ExecutionFeed;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * An execution as GET shows it: from Redis while fresh, from Postgres otherwise. A view is cached
 * with the sequence number of the newest event Redis had seen before Postgres was read; it is fresh
 * while that is still the newest (events are published only after the state they describe is
 * committed, so the view is at least that new). Without Redis, every read goes to Postgres.
 */
@Component
class ExecutionViews {
  private static final Logger log = LoggerFactory.getLogger(ExecutionViews.class);
  static final Duration TTL = Duration.ofHours(1);
  private final ExecutionReader reader;
  private final ReactiveStringRedisTemplate redis;

  ExecutionViews(ExecutionReader reader, ReactiveStringRedisTemplate redis) {
    this.reader = reader;
    this.redis = redis;
  }

  /** A cached view and the newest event it includes. */
  record Cached(long seq, ExecutionView view) {}

  static String viewKey(String execId) {
    return ExecutionFeed.viewKey(execId);
  }

  Mono<ExecutionView> read(String execId) {
    return redis
        .opsForValue()
        .multiGet(List.of(viewKey(execId), ExecutionFeed.seqKey(execId)))
        .onErrorResume(
            e -> {
              log.debug(
                  "execution cache unavailable, reading {} from Postgres: {}",
                  execId,
                  e.toString());
              return Mono.just(Arrays.asList(null, null));
            })
        .flatMap(
            values -> {
              long seq = seq(values.get(1));
              Cached cached = parse(values.get(0));
              if (cached != null && cached.seq() == seq) {
                return Mono.just(cached.view());
              }
              return reader
                  .read(execId)
                  .flatMap(
                      view ->
                          redis
                              .opsForValue()
                              .set(viewKey(execId), Json.write(new Cached(seq, view)), TTL)
                              .onErrorResume(e -> Mono.just(false))
                              .thenReturn(view));
            });
  }

  /**
   * An execution that has just ended, from Postgres, its cached view dropped meanwhile: the end may
   * not have reached the feed yet (the orchestrator tells a synchronous start first), and a read
   * right after must not show the older view cached while it ran.
   */
  Mono<ExecutionView> readJustEnded(String execId) {
    Mono<Long> drop = redis.delete(viewKey(execId)).onErrorResume(e -> Mono.just(0L));
    return Mono.zip(reader.read(execId), drop, (view, dropped) -> view);
  }

  private static long seq(@Nullable String value) {
    try {
      return value == null ? 0 : Long.parseLong(value);
    } catch (NumberFormatException e) {
      return -1; // never equal to a cached seq: read Postgres
    }
  }

  private static @Nullable Cached parse(@Nullable String json) {
    if (json == null) {
      return null;
    }
    try {
      return Json.read(json, Cached.class);
    } catch (RuntimeException e) {
      return null; // an entry of an older shape: read Postgres and replace it
    }
  }
}
