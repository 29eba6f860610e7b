package io.compozy.execution.run;

import io.compozy.contracts.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code Idempotency-Key} for starts, in Redis for 24 h: a key is claimed for one execution and
 * the hash of the request that claimed it; the same key with the same request finds that
 * execution again, with another request it is a conflict. Keys are scoped by caller and workflow.
 */
@Component
class IdempotencyKeys {
  static final Duration TTL = Duration.ofHours(24);
  private static final JsonMapper CANONICAL = JsonMapper.builder().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();
  private final ReactiveStringRedisTemplate redis;

  IdempotencyKeys(ReactiveStringRedisTemplate redis) {
    this.redis = redis;
  }

  /** What a key is bound to. */
  record Claim(String execId, String requestHash) {}

  static String redisKey(@Nullable String userId, String workflowId, String key) {
    return "compozy:idem:" + sha256((userId == null ? "" : userId) + "\n" + workflowId + "\n" + key);
  }

  static String requestHash(Map<String, Object> input, @Nullable String taskId) {
    return sha256(CANONICAL.writeValueAsString(new java.util.TreeMap<>(Map.of("input", input, "task_id", taskId == null ? "" : taskId))));
  }

  /** Binds the key to {@code claim} if it is free; otherwise gives the claim that holds it. */
  Mono<Claim> claim(String redisKey, Claim claim) {
    String value = Json.write(Map.of("exec_id", claim.execId(), "request_hash", claim.requestHash()));
    return redis.opsForValue().setIfAbsent(redisKey, value, TTL).flatMap(won -> won
        ? Mono.just(claim)
        : redis.opsForValue().get(redisKey).map(IdempotencyKeys::parse).defaultIfEmpty(claim));
  }

  Mono<Boolean> release(String redisKey) {
    return redis.delete(redisKey).map(n -> n > 0);
  }

  @SuppressWarnings("unchecked")
  private static Claim parse(String value) {
    Map<String, Object> m = Json.read(value, Map.class);
    return new Claim((String) m.get("exec_id"), (String) m.get("request_hash"));
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
