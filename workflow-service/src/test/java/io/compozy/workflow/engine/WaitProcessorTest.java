package io.compozy.workflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.compozy.contracts.execution.ExecutionStatus;
import io.compozy.contracts.execution.TaskStatus;
import io.compozy.contracts.message.TimerKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A wait task's processor: run for each signal, seen by the condition. */
class WaitProcessorTest {
  static final String YAML =
      """
      id: approve
      tasks:
        - id: approval
          type: wait
          wait_for: vote
          condition: 'processor.output.approved == true'
          processor:
            id: check-vote
            tool: work
            with: { voter: "{{ .signal.payload.by }}" }
          timeout: 1h
        - { id: ship, type: aggregate, final: true, outputs: { by: "{{ .tasks.approval.output.voter }}" } }
      """;

  @Test
  void eachSignalRunsTheProcessorUntilItsOutputPassesTheCondition() {
    Scenario s = Scenario.of(YAML).start();
    assertThat(s.status()).isEqualTo(ExecutionStatus.WAITING);
    s.signal("vote", Map.of("by", "bob"));
    assertThat(s.status()).isEqualTo(ExecutionStatus.RUNNING);
    assertThat(s.step("approval/check-vote").input()).isEqualTo(Map.of("voter", "bob"));
    // a second vote arrives while the first is judged: it waits its turn
    s.signal("vote", Map.of("by", "ana"));
    s.succeed("approval/check-vote", Map.of("approved", false, "voter", "bob"));
    assertThat(s.step("approval/check-vote").input()).isEqualTo(Map.of("voter", "ana"));
    assertThat(s.step("approval/check-vote").attempt()).isEqualTo(2);
    s.succeed("approval/check-vote", Map.of("approved", true, "voter", "ana"));
    assertThat(s.status()).isEqualTo(ExecutionStatus.SUCCESS);
    assertThat(s.state().output()).isEqualTo(Map.of("by", "ana"));
  }

  @Test
  void aProcessorWrittenWithoutAnIdRunsAsProcessor() {
    Scenario s =
        Scenario.of(YAML.replace("id: check-vote\n      tool", "tool"))
            .start()
            .signal("vote", Map.of("by", "bob"));
    assertThat(s.step("approval/processor").input()).isEqualTo(Map.of("voter", "bob"));
    s.succeed("approval/processor", Map.of("approved", true, "voter", "bob"));
    assertThat(s.status()).isEqualTo(ExecutionStatus.SUCCESS);
  }

  @Test
  void aProcessorThatFailsFailsTheWait() {
    Scenario s =
        Scenario.of(YAML)
            .start()
            .signal("vote", Map.of("by", "bob"))
            .fail("approval/check-vote", "tool_error", false);
    assertThat(s.task("approval").status()).isEqualTo(TaskStatus.FAILED);
    assertThat(s.status()).isEqualTo(ExecutionStatus.FAILED);
  }

  @Test
  void theTimeoutCountsWhileTheProcessorRuns() {
    Scenario s =
        Scenario.of(YAML)
            .start()
            .signal("vote", Map.of("by", "bob"))
            .fire(TimerKind.WAIT_TIMEOUT, "approval");
    assertThat(s.task("approval/check-vote").status()).isEqualTo(TaskStatus.CANCELED);
    assertThat(s.status()).isEqualTo(ExecutionStatus.TIMED_OUT);
  }
}
