package io.compozy.gateway.ratelimit;

import java.time.Duration;
import java.util.Locale;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The limiter in readiness: it pings Redis itself (so a recovered Redis is noticed without
 * traffic). With Redis unreachable it is DOWN when failing closed, and UP but saying it fails open
 * otherwise: in that mode the gateway still serves, unlimited.
 */
@Component("rateLimiter")
class RateLimiterHealthIndicator implements ReactiveHealthIndicator {
  private final ReactiveStringRedisTemplate redis;
  private final RateLimitProperties properties;
  private final LimiterState state;

  RateLimiterHealthIndicator(
      ReactiveStringRedisTemplate redis, RateLimitProperties properties, LimiterState state) {
    this.redis = redis;
    this.properties = properties;
    this.state = state;
  }

  @Override
  public Mono<Health> health() {
    String mode = "fail-" + properties.failMode().name().toLowerCase(Locale.ROOT);
    if (!properties.enabled()) {
      return Mono.just(Health.up().withDetail("enabled", false).build());
    }
    return redis
        .execute(c -> c.ping())
        .next()
        .timeout(Duration.ofSeconds(1))
        .map(
            pong -> {
              state.reachable(true);
              return Health.up().withDetail("redis", "reachable").withDetail("mode", mode).build();
            })
        .onErrorResume(
            e -> {
              state.reachable(false);
              Health.Builder b =
                  properties.failMode() == RateLimitProperties.FailMode.CLOSED
                      ? Health.down()
                      : Health.up();
              return Mono.just(
                  b.withDetail("redis", "unreachable")
                      .withDetail("mode", mode)
                      .withDetail(
                          "effect",
                          properties.failMode() == RateLimitProperties.FailMode.CLOSED
                              ? "requests are refused until Redis is back"
                              : "requests pass unlimited until Redis is back")
                      .build());
            });
  }
}
