package io.compozy.gateway.ratelimit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.stereotype.Component;

/** Whether the limiter reaches Redis right now, as metrics and for readiness. */
@Component
class LimiterState {
  private final AtomicBoolean redisReachable = new AtomicBoolean(true);
  private final Counter failedOpen;
  private final Counter failedClosed;
  private final Meter.MeterProvider<Counter> rejected;

  LimiterState(MeterRegistry registry) {
    Gauge.builder("compozy.gateway.ratelimit.redis.available", redisReachable, b -> b.get() ? 1 : 0)
        .description("1 while the rate limiter reaches Redis")
        .register(registry);
    failedOpen =
        Counter.builder("compozy.gateway.ratelimit.redis.failures")
            .tag("mode", "open")
            .description("requests let through unlimited because Redis was unreachable")
            .register(registry);
    failedClosed =
        Counter.builder("compozy.gateway.ratelimit.redis.failures")
            .tag("mode", "closed")
            .description("requests refused because Redis was unreachable")
            .register(registry);
    this.rejected =
        Counter.builder("compozy.gateway.ratelimit.rejected")
            .description("requests answered 429, by the role of their key")
            .withRegistry(registry);
  }

  void reachable(boolean value) {
    redisReachable.set(value);
  }

  boolean reachable() {
    return redisReachable.get();
  }

  void failed(RateLimitProperties.FailMode mode) {
    redisReachable.set(false);
    (mode == RateLimitProperties.FailMode.OPEN ? failedOpen : failedClosed).increment();
  }

  /**
   * {@code compozy_gateway_ratelimit_rejected_total}: requests answered 429, by the role of their
   * key ({@code anonymous} without one).
   */
  void rejected(String role) {
    rejected.withTag("role", role).increment();
  }
}
