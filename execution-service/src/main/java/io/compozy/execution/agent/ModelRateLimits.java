package io.compozy.execution.agent;

import io.compozy.contracts.dsl.ModelDef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * A model's {@code rate_limit} ({@code concurrency}, {@code requests_per_minute}, {@code
 * tokens_per_minute}), held in Redis so it binds every worker instance together. A call waits for
 * its turn; when the wait would outlast the step's deadline the step fails as {@code rate_limited}
 * (retryable) instead. Tokens are charged after the call, when the provider has counted them.
 */
@Component
class ModelRateLimits implements CallGate {
  private static final RedisScript<Long> BUCKET =
      RedisScript.of(script("agent/model_bucket.lua"), Long.class);
  private static final RedisScript<Long> LEASE =
      RedisScript.of(script("agent/model_lease.lua"), Long.class);
  private static final Duration POLL = Duration.ofMillis(50);

  private final ReactiveStringRedisTemplate redis;
  private final Clock clock;

  ModelRateLimits(ReactiveStringRedisTemplate redis, Clock clock) {
    this.redis = redis;
    this.clock = clock;
  }

  private static final Turn FREE = tokens -> {};

  /** Waits for a turn to call the model; blocks, so it runs on the agent's virtual thread. */
  @Override
  public Turn acquire(ModelDef model, Instant deadline) {
    Map<String, Object> limits = model.rateLimit();
    if (limits == null || limits.isEmpty()) {
      return FREE;
    }
    String key = "compozy:model-limit:" + ChatModels.label(model);
    Integer rpm = positive(limits.get("requests_per_minute"));
    Integer tpm = positive(limits.get("tokens_per_minute"));
    Integer concurrency = positive(limits.get("concurrency"));
    if (tpm != null) {
      waitFor(() -> bucket(key + ":tokens", tpm, 0, "take"), deadline, model, "tokens_per_minute");
    }
    if (rpm != null) {
      waitFor(
          () -> bucket(key + ":requests", rpm, 1, "take"), deadline, model, "requests_per_minute");
    }
    String lease = UUID.randomUUID().toString();
    if (concurrency != null) {
      long ttl = Math.max(1_000, Duration.between(clock.instant(), deadline).toMillis() + 60_000);
      waitFor(
          () ->
              redis
                          .execute(
                              LEASE,
                              List.of(key + ":leases"),
                              List.of(lease, concurrency.toString(), Long.toString(ttl)))
                          .next()
                          .block()
                      == 1L
                  ? 0L
                  : POLL.toMillis(),
          deadline,
          model,
          "concurrency");
    }
    return tokens -> {
      if (concurrency != null) {
        redis.opsForZSet().remove(key + ":leases", lease).block();
      }
      if (tpm != null && tokens > 0) {
        bucket(key + ":tokens", tpm, tokens, "charge");
      }
    };
  }

  private long bucket(String key, int perMinute, long cost, String mode) {
    Long wait =
        redis
            .execute(
                BUCKET,
                List.of(key),
                List.of(
                    Double.toString(perMinute / 60.0),
                    Integer.toString(perMinute),
                    Long.toString(cost),
                    mode))
            .next()
            .block();
    return wait == null ? 0 : wait;
  }

  private void waitFor(LongSupplier attempt, Instant deadline, ModelDef model, String limit) {
    while (true) {
      long wait = attempt.getAsLong();
      if (wait <= 0) {
        return;
      }
      if (clock.instant().plusMillis(wait).isAfter(deadline)) {
        throw new ProviderException(
            "rate_limited",
            "model '"
                + ChatModels.label(model)
                + "' is at its "
                + limit
                + " limit past this step's deadline",
            true);
      }
      try {
        Thread.sleep(Math.min(wait, 1_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ProviderException(
            "interrupted while waiting for a turn on " + ChatModels.label(model), true);
      }
    }
  }

  private static @Nullable Integer positive(@Nullable Object value) {
    return value instanceof Number n && n.intValue() > 0 ? n.intValue() : null;
  }

  private static String script(String path) {
    try (var in = new ClassPathResource(path).getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
