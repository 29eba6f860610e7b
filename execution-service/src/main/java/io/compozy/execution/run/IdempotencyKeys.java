package io.compozy.execution.run;

import io.compozy.contracts.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code Idempotency-Key} for starts, in Redis for 24 h: a key is claimed for one execution and the
 * hash of the request that claimed it; the same key with the same request finds that execution
 * again, with another request it is a conflict. Keys are scoped by caller and workflow. A claim
 * whose execution was never written (its instance died between the two) is taken over once that
 * execution can no longer be written: its start deadline, counted from the claim, has passed.
 */
@Component
public class IdempotencyKeys {
  static final Duration TTL = Duration.ofHours(24);
  private static final JsonMapper CANONICAL =
      JsonMapper.builder().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();
  private final ReactiveStringRedisTemplate redis;

  IdempotencyKeys(ReactiveStringRedisTemplate redis) {
    this.redis = redis;
  }

  /**
   * What a key is bound to, since when; {@code stored} is the value as Redis holds it (null for a
   * new claim).
   */
  record Claim(String execId, String requestHash, Instant claimedAt, @Nullable String stored) {
    Claim(String execId, String requestHash, Instant claimedAt) {
      this(execId, requestHash, claimedAt, null);
    }

    String value() {
      return Json.write(
          Map.of(
              "exec_id",
              execId,
              "request_hash",
              requestHash,
              "claimed_at",
              claimedAt.toEpochMilli()));
    }
  }

  /** Replaces {@code expected} (as stored) by {@code next}, only if the key still holds it. */
  private static final RedisScript<Long> REPLACE =
      RedisScript.of(
          "if redis.call('get', KEYS[1]) == ARGV[1] then redis.call('set', KEYS[1], ARGV[2], 'PX',"
              + " ARGV[3]) return 1 else return 0 end",
          Long.class);

  public static String redisKey(@Nullable String userId, String workflowId, String key) {
    return "compozy:idem:"
        + sha256((userId == null ? "" : userId) + "\n" + workflowId + "\n" + key);
  }

  /** The hash a start of {@code input} (no task id) claims a key with. */
  public static String requestHashOf(Map<String, Object> input) {
    return requestHash(input, null);
  }

  static String requestHash(Map<String, Object> input, @Nullable String taskId) {
    return sha256(
        CANONICAL.writeValueAsString(
            new TreeMap<>(Map.of("input", input, "task_id", taskId == null ? "" : taskId))));
  }

  /** Binds the key to {@code claim} if it is free; otherwise gives the claim that holds it. */
  Mono<Claim> claim(String redisKey, Claim claim) {
    return redis
        .opsForValue()
        .setIfAbsent(redisKey, claim.value(), TTL)
        .flatMap(
            won ->
                won
                    ? Mono.just(claim)
                    : redis
                        .opsForValue()
                        .get(redisKey)
                        .map(IdempotencyKeys::parse)
                        .defaultIfEmpty(claim));
  }

  /**
   * Takes the key over from {@code stale} for {@code mine}; false when another request changed it
   * first.
   */
  Mono<Boolean> takeOver(String redisKey, Claim stale, Claim mine) {
    return redis
        .execute(
            REPLACE,
            List.of(redisKey),
            List.of(stale.stored(), mine.value(), Long.toString(TTL.toMillis())))
        .next()
        .map(n -> n == 1L)
        .defaultIfEmpty(false);
  }

  Mono<Boolean> release(String redisKey) {
    return redis.delete(redisKey).map(n -> n > 0);
  }

  @SuppressWarnings("unchecked")
  private static Claim parse(String value) {
    Map<String, Object> m = Json.read(value, Map.class);
    // a claim written before claims had a time counts as old
    long claimedAt = m.get("claimed_at") instanceof Number n ? n.longValue() : 0L;
    return new Claim(
        (String) m.get("exec_id"),
        (String) m.get("request_hash"),
        Instant.ofEpochMilli(claimedAt),
        value);
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
