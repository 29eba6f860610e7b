package io.compozy.gateway.ratelimit;

import java.util.List;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Token buckets in Redis, one atomic script call per request. */
@Component
class TokenBuckets {
  static final String PREFIX = "compozy:ratelimit:";
  // from a string, not a resource: a resource-backed script checks the file for changes on every call
  @SuppressWarnings("rawtypes")
  private static final RedisScript<List> SCRIPT = RedisScript.of(load("ratelimit/token_bucket.lua"), List.class);
  private final ReactiveStringRedisTemplate redis;

  TokenBuckets(ReactiveStringRedisTemplate redis) {
    this.redis = redis;
  }

  Mono<Decision> take(String bucket, double rate, int burst) {
    return redis.execute(SCRIPT, List.of(PREFIX + bucket), List.of(Double.toString(rate), Integer.toString(burst)))
        .next()
        .map(result -> {
          long allowed = ((Number) result.get(0)).longValue();
          long remaining = ((Number) result.get(1)).longValue();
          long fullInMs = ((Number) result.get(2)).longValue();
          long waitMs = ((Number) result.get(3)).longValue();
          return new Decision(allowed == 1, burst, remaining, ceilSeconds(fullInMs), Math.max(1, ceilSeconds(waitMs)));
        });
  }

  private static String load(String path) {
    try (var in = new ClassPathResource(path).getInputStream()) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static long ceilSeconds(long ms) {
    return (ms + 999) / 1000;
  }
}
