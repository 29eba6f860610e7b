package io.compozy.gateway.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Token buckets in Redis, taken from in leases. A busy bucket's tokens are leased a tenth of a
 * second's worth at a time (at most {@code lease-max}) and given out by this instance for up to
 * {@code lease-time}, so most requests do not wait for Redis; once half a lease is given out the
 * next one is asked for in the background, so a busy bucket's requests do not meet an empty lease
 * (each of those asked Redis for a token of its own while the next lease was on its way). Redis
 * stays the only source of tokens: all instances together never admit more than a bucket allows;
 * tokens still leased when a lease ends are lost to the bucket. A slow bucket (under 20 requests/s)
 * is asked on every request.
 */
@Component
class TokenBuckets {
  static final String PREFIX = "compozy:ratelimit:";

  // from a string, not a resource: a resource-backed script checks the file for changes on every
  // call
  @SuppressWarnings("rawtypes")
  private static final RedisScript<List> SCRIPT =
      RedisScript.of(load("ratelimit/token_bucket.lua"), List.class);

  private final ReactiveStringRedisTemplate redis;
  private final int leaseMax;
  private final long leaseNanos;
  private final Duration redisTimeout;
  private final Cache<String, LocalLease> leases;
  private final RedisClock clock;

  TokenBuckets(ReactiveStringRedisTemplate redis, RateLimitProperties properties) {
    this.redis = redis;
    this.clock = new RedisClock(redis);
    this.leaseMax = properties.leaseMax();
    this.leaseNanos = properties.leaseTime().toNanos();
    this.redisTimeout = properties.redisTimeout();
    this.leases =
        Caffeine.newBuilder()
            .expireAfterAccess(properties.leaseTime().plus(Duration.ofSeconds(10)))
            .maximumSize(100_000)
            .build();
  }

  /**
   * A token of this instance's running lease of the bucket, or null when it has none left; asks for
   * the next lease once half of this one is given out.
   */
  @Nullable Decision takeLeased(String bucket, double rate, int burst) {
    LocalLease lease = leases.getIfPresent(bucket);
    if (lease == null) {
      return null;
    }
    int left = lease.tryTake(System.nanoTime());
    if (left < 0) {
      return null;
    }
    int size = leaseSize(rate, burst, leaseMax);
    if (renewalDue(left, size)) {
      renew(bucket, rate, burst, size, lease);
    }
    // what Redis has refilled since plus what is held can exceed the burst for a moment
    return new Decision(true, burst, Math.min(burst, lease.remaining()), lease.resetSeconds(), 0);
  }

  /**
   * Asks Redis for the bucket's next lease without anyone waiting for it; a failure is met by the
   * next {@link #take}.
   */
  private void renew(String bucket, double rate, int burst, int size, LocalLease lease) {
    if (!lease.startLeasing()) {
      return;
    }
    ask(bucket, rate, burst, size)
        .timeout(redisTimeout)
        .doFinally(signal -> lease.leasingDone())
        .subscribe(
            answer -> {
              if (answer.granted() > 0) {
                lease.leased(
                    (int) answer.granted(),
                    answer.remaining(),
                    answer.resetSeconds(),
                    System.nanoTime(),
                    leaseNanos);
              }
            },
            e -> {});
  }

  /** A token from Redis; for a busy bucket, with a lease of more for the requests that follow. */
  Mono<Decision> take(String bucket, double rate, int burst) {
    return Mono.defer(
        () -> {
          LocalLease lease = leases.get(bucket, b -> new LocalLease(System.nanoTime()));
          int size = leaseSize(rate, burst, leaseMax);
          boolean leasing = size > 1 && lease.startLeasing();
          Mono<Decision> asked =
              ask(bucket, rate, burst, leasing ? size : 1)
                  .map(
                      answer -> {
                        if (leasing && answer.granted() > 1) {
                          lease.leased(
                              (int) answer.granted() - 1,
                              answer.remaining(),
                              answer.resetSeconds(),
                              System.nanoTime(),
                              leaseNanos);
                        }
                        long remaining =
                            answer.remaining() + (leasing ? Math.max(0, answer.granted() - 1) : 0);
                        return new Decision(
                            answer.granted() > 0,
                            burst,
                            remaining,
                            answer.resetSeconds(),
                            Math.max(1, answer.waitSeconds()));
                      });
          return leasing ? asked.doFinally(signal -> lease.leasingDone()) : asked;
        });
  }

  /** Whether the next lease is to be asked for: under half of one of this size is left. */
  static boolean renewalDue(int left, int size) {
    return left < size / 2;
  }

  /** A tenth of a second's worth of tokens, and no more than a tenth of the burst. */
  static int leaseSize(double rate, int burst, int leaseMax) {
    double tenth = Math.min(rate, burst) / 10;
    return (int) Math.max(1, Math.min(leaseMax, Math.floor(tenth)));
  }

  private record Answer(long granted, long remaining, long resetSeconds, long waitSeconds) {}

  /** Redis ran the call after its caller stopped waiting, and took nothing. */
  static final class TooLate extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooLate() {
      super("the rate limiter's Redis call ran after its deadline", null, false, false);
    }
  }

  private Mono<Answer> ask(String bucket, double rate, int burst, int wanted) {
    // the deadline stops a call that outlives its caller's timeout from taking tokens later
    String deadline = Long.toString(clock.deadline(redisTimeout));
    return redis
        .execute(
            SCRIPT,
            List.of(PREFIX + bucket),
            List.of(
                Double.toString(rate), Integer.toString(burst), Integer.toString(wanted), deadline))
        .next()
        .map(
            result ->
                new Answer(
                    ((Number) result.get(0)).longValue(),
                    ((Number) result.get(1)).longValue(),
                    ceilSeconds(((Number) result.get(2)).longValue()),
                    ceilSeconds(((Number) result.get(3)).longValue())))
        .flatMap(answer -> answer.granted() < 0 ? Mono.error(new TooLate()) : Mono.just(answer));
  }

  private static String load(String path) {
    try (var in = new ClassPathResource(path).getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long ceilSeconds(long ms) {
    return (ms + 999) / 1000;
  }
}
