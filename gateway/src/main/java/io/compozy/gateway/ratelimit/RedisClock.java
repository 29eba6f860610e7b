package io.compozy.gateway.ratelimit;

import java.time.Duration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * How far Redis's clock is from this instance's, measured now and then ({@code TIME}), so a call
 * can tell Redis when its caller stops waiting for it in Redis's own time: clocks of machines
 * differ by more than a rate limiter's timeout.
 */
final class RedisClock {
  private static final long REMEASURE_MS = 60_000;
  private final ReactiveStringRedisTemplate redis;
  private volatile long offsetMs;
  private volatile long measuredAt;
  private volatile boolean measuring;

  RedisClock(ReactiveStringRedisTemplate redis) {
    this.redis = redis;
  }

  /** The moment, on Redis's clock, {@code wait} from now; 0 while the offset is not known yet. */
  long deadline(Duration wait) {
    long now = System.currentTimeMillis();
    if (now - measuredAt > REMEASURE_MS) {
      measure(now);
    }
    return measuredAt == 0 ? 0 : now + offsetMs + wait.toMillis();
  }

  private void measure(long now) {
    if (measuring) {
      return;
    }
    measuring = true;
    long sent = System.currentTimeMillis();
    redis
        .execute(connection -> connection.serverCommands().time())
        .next()
        .timeout(Duration.ofSeconds(1))
        .doFinally(signal -> measuring = false)
        .subscribe(
            redisMs -> {
              long received = System.currentTimeMillis();
              // Redis read its clock about half-way through the round trip
              offsetMs = redisMs - (sent + received) / 2;
              measuredAt = received;
            },
            e -> {}); // unmeasured: calls carry no deadline until a later measure succeeds
  }
}
