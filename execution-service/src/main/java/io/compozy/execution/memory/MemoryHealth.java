package io.compozy.execution.memory;

import io.compozy.contracts.dsl.MemoryDef;
import io.compozy.support.problem.ApiProblem;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  /** The whole system: Redis, then each memory resource. */
  Mono<Map<String, Object>> system(List<MemoryDef> memories) {
    long started = System.nanoTime();
    return ping().flatMap(pong -> {
      long latencyMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
      return Flux.fromIterable(memories).concatMap(this::resource).collectList().map(each -> {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("healthy", true);
        out.put("redis", Map.of("status", "up", "latency_ms", latencyMs));
        out.put("total_memories", memories.size());
        out.put("total_instances", each.stream().mapToLong(m -> ((Number) m.get("instances")).longValue()).sum());
        out.put("memories", each);
        out.put("checked_at", Instant.now().toString());
        return out;
      });
    });
  }

  /** One memory resource: its kind and limits, and how many instances Redis holds of it. */
  Mono<Map<String, Object>> resource(MemoryDef memory) {
    return ping().then(redis.scan(ScanOptions.scanOptions().match(MemoryStore.redisKey(memory, "*")).count(500).build())
            .take(MAX_COUNTED + 1).count())
        .timeout(DEADLINE)
        .onErrorMap(e -> !(e instanceof ApiProblem), e -> ApiProblem.unavailable("redis", "Redis did not answer within "
            + DEADLINE.toSeconds() + " s while counting the instances of memory '" + memory.id() + "'"))
        .map(n -> {
          Map<String, Object> out = new LinkedHashMap<>();
          out.put("memory_id", memory.id());
          out.put("healthy", true);
          out.put("type", memory.type());
          out.put("instances", Math.min(n, MAX_COUNTED));
          out.put("instances_capped", n > MAX_COUNTED);
          out.put("max_messages", memory.maxMessages());
          out.put("max_tokens", memory.maxTokens());
          out.put("flushing_strategy", memory.flushingOrDefault().strategy().wire());
          return out;
        });
  }

  private Mono<String> ping() {
    return redis.execute(connection -> connection.ping()).next()
        .timeout(DEADLINE)
        .onErrorMap(e -> ApiProblem.unavailable("redis", "Redis, where memories live, did not answer: " + e.getMessage()));
  }
}
