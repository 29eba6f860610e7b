package io.compozy.gateway.ratelimit;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What this gateway instance holds of one bucket: tokens leased from Redis and not yet given out,
 * usable until the lease ends, and the bucket as Redis last reported it (for the headers). Only one
 * lease per bucket is asked for at a time. Times are {@link System#nanoTime()} values.
 */
final class LocalLease {
  private final AtomicInteger tokens = new AtomicInteger();
  private final AtomicBoolean leasing = new AtomicBoolean();
  private volatile long endsAt;
  private volatile long remainingInRedis;
  private volatile long resetSeconds;

  LocalLease(long now) {
    this.endsAt = now;
  }

  /**
   * Takes one leased token, if the lease still runs and has one: the tokens left after it, or -1
   * when none was taken.
   */
  int tryTake(long now) {
    if (now - endsAt >= 0) {
      return -1;
    }
    int left;
    do {
      left = tokens.get();
      if (left <= 0) {
        return -1;
      }
    } while (!tokens.compareAndSet(left, left - 1));
    return left - 1;
  }

  /**
   * True for the one caller that may now ask Redis for a lease; it must call {@link
   * #leasingDone()}.
   */
  boolean startLeasing() {
    return leasing.compareAndSet(false, true);
  }

  void leasingDone() {
    leasing.set(false);
  }

  /** Adds tokens Redis granted; the lease then runs until {@code now + duration}. */
  void leased(int granted, long remaining, long reset, long now, long durationNanos) {
    if (now - endsAt >= 0) {
      tokens.set(granted);
    } else {
      tokens.addAndGet(granted);
    }
    remainingInRedis = remaining;
    resetSeconds = reset;
    endsAt = now + durationNanos;
  }

  /**
   * Remaining tokens of the bucket as this instance sees them: Redis's count plus what it holds.
   */
  long remaining() {
    return remainingInRedis + Math.max(0, tokens.get());
  }

  long resetSeconds() {
    return resetSeconds;
  }
}
