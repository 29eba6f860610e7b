package io.compozy.workflow.engine;

import io.compozy.contracts.dsl.Durations;
import io.compozy.contracts.dsl.RetryPolicy;
import java.time.Duration;

/**
 * The wait before try {@code n + 1}: {@code initial × coefficient^(n-1)}, at most {@code maximum},
 * plus up to 10 % jitter seeded from the step id so the same decision always gives the same wait.
 */
final class Backoff {
  private Backoff() {}

  static Duration after(RetryPolicy policy, int tries, String stepId) {
    double initial = Durations.parse(policy.initialInterval()).toMillis();
    double max = Durations.parse(policy.maximumInterval()).toMillis();
    double base =
        Math.min(max, initial * Math.pow(policy.backoffCoefficient(), Math.max(0, tries - 1)));
    double jitter = (Math.floorMod(stepId.hashCode(), 1000) / 1000.0) * 0.1;
    return Duration.ofMillis((long) Math.min(max, base * (1 + jitter)));
  }
}
