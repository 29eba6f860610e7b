package io.compozy.execution.memory;

import io.compozy.contracts.dsl.MemoryDef;
import io.compozy.support.problem.ApiProblem;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The health of the memory system as Redis holds it (Compozy's {@code /memory/health}): whether
 * Redis answers and how fast, and per memory resource how many instances it has. Instances are
 * counted with SCAN (never KEYS), up to {@link #MAX_COUNTED} per resource, within a deadline.
 */
@Component
class MemoryHealth {
  static final long MAX_COUNTED = 10_000;
  static final Duration DEADLINE = Duration.ofSeconds(5);
  private final ReactiveStringRedisTemplate redis;

  MemoryHealth(ReactiveStringRedisTemplate redis) {
    this.redis = redis;
  }

  /** Redis as the memory system sees it. */
  @Schema(name = "MemoryRedisHealth")
  record Redis(String status, long latencyMs) {}

  /** The memory system: Redis, and each memory resource. */
  @Schema(name = "MemorySystemHealth")
  record SystemHealth(
      boolean healthy,
      Redis redis,
      int totalMemories,
      long totalInstances,
      List<ResourceHealth> memories,
      Instant checkedAt) {}

  /**
   * One memory resource: its kind and limits, and how many instances Redis holds of it (counted up
   * to 10,000).
   */
  @Schema(name = "MemoryResourceHealth")
  record ResourceHealth(
      String memoryId,
      boolean healthy,
      @Nullable String type,
      long instances,
      boolean instancesCapped,
      @Nullable Integer maxMessages,
      @Nullable Integer maxTokens,
      String flushingStrategy) {}

  /** The whole system: Redis, then each memory resource. */
  Mono<SystemHealth> system(List<MemoryDef> memories) {
    long started = System.nanoTime();
    return ping()
        .flatMap(
            pong -> {
              long latencyMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
              return Flux.fromIterable(memories)
                  .concatMap(this::resource)
                  .collectList()
                  .map(
                      each ->
                          new SystemHealth(
                              true,
                              new Redis("up", latencyMs),
                              memories.size(),
                              each.stream().mapToLong(ResourceHealth::instances).sum(),
                              each,
                              Instant.now()));
            });
  }

  /** One memory resource: its kind and limits, and how many instances Redis holds of it. */
  Mono<ResourceHealth> resource(MemoryDef memory) {
    return ping()
        .then(
            redis
                .scan(
                    ScanOptions.scanOptions()
                        .match(MemoryStore.redisKey(memory, "*"))
                        .count(500)
                        .build())
                .take(MAX_COUNTED + 1)
                .count())
        .timeout(DEADLINE)
        .onErrorMap(
            e -> !(e instanceof ApiProblem),
            e ->
                ApiProblem.unavailable(
                    "redis",
                    "Redis did not answer within "
                        + DEADLINE.toSeconds()
                        + " s while counting the instances of memory '"
                        + memory.id()
                        + "'"))
        .map(
            n ->
                new ResourceHealth(
                    memory.id(),
                    true,
                    memory.type(),
                    Math.min(n, MAX_COUNTED),
                    n > MAX_COUNTED,
                    memory.maxMessages(),
                    memory.maxTokens(),
                    memory.flushingOrDefault().strategy().wire()));
  }

  private Mono<String> ping() {
    return redis
        .execute(connection -> connection.ping())
        .next()
        .timeout(DEADLINE)
        .onErrorMap(
            e ->
                ApiProblem.unavailable(
                    "redis", "Redis, where memories live, did not answer: " + e.getMessage()));
  }
}
