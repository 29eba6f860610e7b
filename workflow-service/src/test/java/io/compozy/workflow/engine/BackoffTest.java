package io.compozy.workflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.compozy.contracts.dsl.RetryPolicy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private static final RetryPolicy POLICY = new RetryPolicy("1s", 2.0, "10s", 9, List.of());

  @Test
  void theWaitGrowsByTheCoefficientWithAtMostTenPercentJitter() {
    for (int tries = 1; tries <= 3; tries++) {
      long base = 1000L << (tries - 1); // 1 s, 2 s, 4 s
      assertThat(Backoff.after(POLICY, tries, "step-a").toMillis())
          .as("after try %d", tries)
          .isBetween(base, base + base / 10);
    }
  }

  @Test
  void theWaitNeverPassesTheMaximum() {
    assertThat(Backoff.after(POLICY, 5, "step-a")).isEqualTo(Duration.ofSeconds(10));
    assertThat(Backoff.after(POLICY, 30, "step-b")).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void theSameStepAlwaysWaitsTheSameAndStepsSpreadOut() {
    assertThat(Backoff.after(POLICY, 2, "step-a")).isEqualTo(Backoff.after(POLICY, 2, "step-a"));
    long distinct =
        List.of("exec_1/fetch/1", "exec_2/fetch/1", "exec_3/send/1", "exec_4/send/1").stream()
            .map(id -> Backoff.after(POLICY, 1, id))
            .distinct()
            .count();
    assertThat(distinct).as("jitter spreads steps retrying together").isGreaterThan(1);
  }
}
