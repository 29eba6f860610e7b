package io.compozy.workflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.compozy.contracts.execution.ExecutionStatus;
import io.compozy.contracts.execution.TaskStatus;
import io.compozy.contracts.message.TimerKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Inputs that meet the execution in an order other than the happy one: each case is named for the
 * rule it shows. Kafka redelivers, timers race results, and users act mid-run: the decision must
 * not care.
 */
class InterleavingsTest {
  private static final String TWO_STEPS =
      """
      id: two
      config:
        retry_policy: { initial_interval: 1s, maximum_attempts: 3 }
      tasks:
        - id: first
          tool: work
          config: { schedule_to_close_timeout: 1m }
        - { id: second, tool: work }
      outputs:
        last: "{{ .tasks.second.output }}"
      """;

  private static final String FAN_THEN_STEP =
      """
      id: fan
      tasks:
        - id: both
          type: parallel
          strategy: wait_all
          tasks:
            - { id: a, tool: work }
            - { id: b, tool: work }
        - { id: after, tool: work }
      """;

  @Test
  void aResultThatArrivesAfterCancelChangesNothing() {
    Scenario s = Scenario.of(TWO_STEPS).start().cancel();
    int effects = s.effects.size();
    s.succeed("first", 1);
    assertThat(s.status()).isEqualTo(ExecutionStatus.CANCELED);
    assertThat(s.task("first").status()).isEqualTo(TaskStatus.CANCELED);
    assertThat(s.isDispatched("second")).isFalse();
    assertThat(s.effects).hasSize(effects);
  }

  @Test
  void aResultDeliveredTwiceIsAppliedOnce() {
    Scenario s = Scenario.of(TWO_STEPS).start().succeed("first", 1);
    ToolStepsSeen before = ToolStepsSeen.of(s);
    int effects = s.effects.size();
    s.succeed("first", 1); // Kafka delivers the same result again
    assertThat(s.effects).as("no event, no dispatch, no timer").hasSize(effects);
    assertThat(ToolStepsSeen.of(s)).isEqualTo(before);
    assertThat(s.task("first").attempt()).isEqualTo(1);
  }

  @Test
  void aTimerThatFiresAfterItsTaskFinishedIsIgnored() {
    Scenario s = Scenario.of(TWO_STEPS).start();
    var deadline =
        s.effects.stream()
            .filter(e -> e instanceof Effect.SetTimer t && t.fired().kind() == TimerKind.DEADLINE)
            .map(e -> ((Effect.SetTimer) e).fired())
            .findFirst()
            .orElseThrow();
    s.succeed("first", 1).succeed("second", 2);
    assertThat(s.status()).isEqualTo(ExecutionStatus.SUCCESS);
    s.apply(deadline); // canceled, but the scheduler had already sent it
    assertThat(s.status()).isEqualTo(ExecutionStatus.SUCCESS);
    assertThat(s.task("first").status()).isEqualTo(TaskStatus.SUCCESS);
    assertThat(s.state().output()).isEqualTo(Map.of("last", 2));
  }

  @Test
  void aTimerThatFiresWhileItsTaskRunsStillEndsIt() {
    Scenario s = Scenario.of(TWO_STEPS).start().fire(TimerKind.DEADLINE, "first");
    assertThat(s.task("first").status()).isEqualTo(TaskStatus.FAILED);
    assertThat(s.status()).isEqualTo(ExecutionStatus.TIMED_OUT);
    // and the tool's late answer does not bring it back
    s.succeed("first", 1);
    assertThat(s.status()).isEqualTo(ExecutionStatus.TIMED_OUT);
  }

  @Test
  void childrenThatFinishDuringAPauseHoldTheNextTaskUntilTheResume() {
    Scenario s = Scenario.of(FAN_THEN_STEP).start().pause();
    assertThat(s.status()).isEqualTo(ExecutionStatus.PAUSED);
    s.succeed("both/a", "A").succeed("both/b", "B");
    assertThat(s.task("both/a").status()).isEqualTo(TaskStatus.SUCCESS);
    assertThat(s.isDispatched("after")).as("nothing new starts while paused").isFalse();
    assertThat(s.status()).isEqualTo(ExecutionStatus.PAUSED);
    s.resume();
    assertThat(s.task("both").status()).isEqualTo(TaskStatus.SUCCESS);
    assertThat(s.task("both").output()).isEqualTo(Map.of("a", "A", "b", "B"));
    assertThat(s.isDispatched("after")).isTrue();
    s.succeed("after", 1);
    assertThat(s.status()).isEqualTo(ExecutionStatus.SUCCESS);
  }

  @Test
  void aBackoffThatEndsDuringAPauseRetriesAtTheResume() {
    Scenario s = Scenario.of(TWO_STEPS).start().fail("first", "tool_error", true).pause();
    s.fire(TimerKind.RETRY, "first");
    assertThat(s.step("first").attempt()).as("no second try while paused").isEqualTo(1);
    s.resume();
    assertThat(s.step("first").attempt()).isEqualTo(2);
  }

  @Test
  void aRetryThatSucceedsGoesOnAsIfTheFirstTryHad() {
    Scenario s =
        Scenario.of(TWO_STEPS)
            .start()
            .fail("first", "tool_error", true)
            .fire(TimerKind.RETRY, "first")
            .succeed("first", 1);
    assertThat(s.task("first").status()).isEqualTo(TaskStatus.SUCCESS);
    assertThat(s.task("first").attempt()).isEqualTo(2);
    assertThat(s.task("first").error()).isNull();
    s.succeed("second", 2);
    assertThat(s.status()).isEqualTo(ExecutionStatus.SUCCESS);
    assertThat(s.state().error()).isNull();
  }

  /** The tool steps a scenario dispatched, by path and attempt. */
  private record ToolStepsSeen(List<String> steps) {
    static ToolStepsSeen of(Scenario s) {
      return new ToolStepsSeen(
          s.dispatchedPaths().stream().map(p -> p + "#" + s.step(p).attempt()).toList());
    }
  }
}
