package io.compozy.workflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.compozy.contracts.execution.ExecutionStatus;
import io.compozy.contracts.execution.TaskStatus;
import io.compozy.contracts.message.CancelExecution;
import org.junit.jupiter.api.Test;

/** Cancel, pause and resume, and what a finished execution does with them. */
class ControlTest {
  static final String YAML =
      """
      id: ctl
      tasks:
        - { id: one, tool: work }
        - { id: two, tool: work }
      """;

  @Test
  void cancelEndsTheExecutionAndItsTimersAndIgnoresLateResults() {
    Scenario s = Scenario.of(YAML).start().cancel();
    assertThat(s.status()).isEqualTo(ExecutionStatus.CANCELED);
    assertThat(s.task("one").status()).isEqualTo(TaskStatus.CANCELED);
    assertThat(s.state().timers()).isEmpty();
    assertThat(s.effects).anyMatch(e -> e instanceof Effect.CancelTimer);
    ExecutionState before = s.state();
    s.succeed("one", "late");
    assertThat(s.state()).isEqualTo(before);
  }

  @Test
  void aPausedExecutionFinishesRunningStepsButStartsNothingUntilResumed() {
    Scenario s = Scenario.of(YAML).start().pause();
    assertThat(s.status()).isEqualTo(ExecutionStatus.PAUSED);
    s.succeed("one", 1);
    assertThat(s.task("one").status()).isEqualTo(TaskStatus.SUCCESS);
    assertThat(s.isDispatched("two")).isFalse();
    s.resume();
    assertThat(s.status()).isEqualTo(ExecutionStatus.RUNNING);
    assertThat(s.isDispatched("two")).isTrue();
    s.succeed("two", 2);
    assertThat(s.status()).isEqualTo(ExecutionStatus.SUCCESS);
  }

  @Test
  void cancelWhilePausedAndBeforeStart() {
    assertThat(Scenario.of(YAML).start().pause().cancel().status())
        .isEqualTo(ExecutionStatus.CANCELED);
    Scenario pending = Scenario.of(YAML);
    pending.apply(new CancelExecution("c", "exec_1", null));
    assertThat(pending.status()).isEqualTo(ExecutionStatus.CANCELED);
    assertThat(Scenario.of(YAML).abandon().status()).isEqualTo(ExecutionStatus.FAILED);
  }

  @Test
  void resumeWhenNotPausedAndPauseWhenFinishedChangeNothing() {
    Scenario s = Scenario.of(YAML).start();
    ExecutionState before = s.state();
    s.resume();
    assertThat(s.state()).isEqualTo(before);
    s.cancel();
    ExecutionState canceled = s.state();
    s.pause();
    assertThat(s.state()).isEqualTo(canceled);
  }
}
