package io.compozy.gateway.ratelimit;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code compozy.gateway.rate-limit}: the default bucket of each API key ({@code rate} tokens per
 * second, {@code burst} at most), the bucket of each client IP on unauthenticated routes, the
 * bucket of each client IP on the public reads ({@code /api/v0/health}, the OpenAPI document and
 * Swagger UI, Prometheus; the probes {@code /healthz} and {@code /readyz} stay unlimited), routes
 * with their own (separate) bucket, and whether a Redis outage lets requests through ({@code
 * fail-mode: open}, the default) or refuses them ({@code closed}). A key can carry its own default
 * rate, set by an admin when the key is created. A busy bucket's tokens are leased from Redis in
 * chunks of at most {@code lease-max} (1: ask Redis on every request) that an instance may give out
 * for {@code lease-time}.
 */
@Validated
@ConfigurationProperties("compozy.gateway.rate-limit")
public record RateLimitProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("100") @Positive double rate,
    @DefaultValue("200") @Positive int burst,
    @DefaultValue @Valid Limit anonymous,
    @DefaultValue @Valid PublicReads publicReads,
    @DefaultValue @Valid List<RouteLimit> routes,
    @DefaultValue("open") FailMode failMode,
    @DefaultValue("250ms") Duration redisTimeout,
    @DefaultValue("100") @Positive int leaseMax,
    @DefaultValue("1s") Duration leaseTime) {

  /** What happens while Redis cannot be reached. */
  public enum FailMode {
    OPEN,
    CLOSED
  }

  /** A bucket's refill rate per second and capacity. */
  public record Limit(
      @DefaultValue("10") @Positive double rate, @DefaultValue("20") @Positive int burst) {}

  /**
   * The bucket of each client address on the public reads: more room than other anonymous calls.
   */
  public record PublicReads(
      @DefaultValue("20") @Positive double rate, @DefaultValue("40") @Positive int burst) {}

  /** A route (Ant-style path pattern, optional methods) with its own bucket per caller. */
  public record RouteLimit(
      @NotBlank String id,
      @NotBlank String path,
      @DefaultValue List<String> methods,
      @Positive double rate,
      @Positive int burst) {}
}
