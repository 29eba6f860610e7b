package io.compozy.workflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.compozy.contracts.execution.ExecutionStatus;
import io.compozy.contracts.execution.TaskStatus;
import io.compozy.contracts.message.TimerKind;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Retries: the policy, the backoff between tries, timeouts and on_error. */
class RetriesTest {
  static final String YAML =
      """
      id: flaky
      config:
        retry_policy: { initial_interval: 1s, backoff_coefficient: 2.0, maximum_interval: 10s, maximum_attempts: \
      3, non_retryable_error_types: [bad_input] }
      tasks:
        - id: call
          tool: work
          on_error: { next: recover, with: { why: "{{ .tasks.call.error.type }}" } }
        - id: done
          type: aggregate
          final: true
          outputs: { ok: true }
        - id: recover
          tool: work
      """;

  @Test
  void aRetryableFailureIsTriedAgainAfterTheBackoff() {
    Scenario s = Scenario.of(YAML).start().fail("call", "tool_error", true);
    assertThat(s.task("call").status()).isEqualTo(TaskStatus.WAITING);
    // initial_interval 1s, up to 10 % jitter
    assertThat(s.timerDelay(TimerKind.RETRY, "call"))
        .isBetween(Duration.ofSeconds(1), Duration.ofMillis(1100));
    assertThat(s.status()).isEqualTo(ExecutionStatus.RUNNING);
    s.fire(TimerKind.RETRY, "call");
    assertThat(s.step("call").attempt()).isEqualTo(2);
    s.fail("call", "tool_error", true);
    // × backoff_coefficient 2
    assertThat(s.timerDelay(TimerKind.RETRY, "call"))
        .isBetween(Duration.ofSeconds(2), Duration.ofMillis(2200));
    s.fire(TimerKind.RETRY, "call");
    s.succeed("call", "fine");
    assertThat(s.status()).isEqualTo(ExecutionStatus.SUCCESS);
    assertThat(s.state().output()).isEqualTo(Map.of("ok", true));
  }

  @Test
  void exhaustedRetriesGoToOnErrorWithItsInputs() {
    Scenario s =
        Scenario.of(YAML)
            .start()
            .fail("call", "tool_error", true)
            .fire(TimerKind.RETRY, "call")
            .fail("call", "tool_error", true)
            .fire(TimerKind.RETRY, "call")
            .fail("call", "tool_error", true);
    assertThat(s.task("call").status()).isEqualTo(TaskStatus.FAILED);
    assertThat(s.task("call").attempt()).isEqualTo(3);
    assertThat(s.step("recover").input()).isEqualTo(Map.of("why", "tool_error"));
  }

  @Test
  void aNonRetryableErrorTypeIsNotRetried() {
    Scenario s = Scenario.of(YAML).start().fail("call", "bad_input", true);
    assertThat(s.task("call").status()).isEqualTo(TaskStatus.FAILED);
    assertThat(s.isDispatched("recover")).isTrue();
  }

  @Test
  void anAttemptPastItsStartToCloseTimeoutIsRetried() {
    Scenario s = Scenario.of(YAML).start().fire(TimerKind.STEP_TIMEOUT, "call");
    assertThat(s.task("call").error().type()).isEqualTo("timeout");
    s.fire(TimerKind.RETRY, "call");
    assertThat(s.step("call").attempt()).isEqualTo(2);
    // the late result of attempt 1 is ignored
    assertThat(s.task("call").status()).isEqualTo(TaskStatus.RUNNING);
  }

  @Test
  void theTaskDeadlineEndsTheWorkflowAsTimedOut() {
    Scenario s =
        Scenario.of(
                """
                id: slow
                tasks:
                  - { id: call, tool: work }
                """)
            .start()
            .fire(TimerKind.DEADLINE, "call");
    assertThat(s.status()).isEqualTo(ExecutionStatus.TIMED_OUT);
  }

  @Test
  void aTimerForAStepThatAlreadyFinishedIsIgnored() {
    Scenario s = Scenario.of(YAML).start().fail("call", "tool_error", true);
    Effect.SetTimer retry =
        s.effects.stream()
            .filter(e -> e instanceof Effect.SetTimer t && t.fired().kind() == TimerKind.RETRY)
            .map(e -> (Effect.SetTimer) e)
            .findFirst()
            .orElseThrow();
    s.fire(TimerKind.RETRY, "call").succeed("call", "ok");
    ExecutionState before = s.state();
    s.apply(retry.fired());
    assertThat(s.state()).isEqualTo(before);
  }
}
