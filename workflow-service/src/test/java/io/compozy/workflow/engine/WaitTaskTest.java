package io.compozy.workflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.compozy.contracts.execution.ExecutionStatus;
import io.compozy.contracts.message.TimerKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A wait task: its signal, condition, timeout and on_timeout. */
class WaitTaskTest {
  static final String YAML =
      """
      id: approve
      tasks:
        - { id: prepare, tool: work }
        - id: approval
          type: wait
          wait_for: approved
          condition: 'signal.payload.ok == true'
          timeout: 1h
          on_timeout: expired
        - { id: ship, type: aggregate, final: true, outputs: { by: "{{ .tasks.approval.output.signal.payload.by \
      }}" } }
        - { id: expired, type: aggregate, outputs: { expired: true } }
      """;

  @Test
  void theExecutionWaitsForTheSignalThenGoesOn() {
    Scenario s = Scenario.of(YAML).start().succeed("prepare", 1);
    assertThat(s.status()).isEqualTo(ExecutionStatus.WAITING);
    s.signal("approved", Map.of("ok", false));
    assertThat(s.status()).isEqualTo(ExecutionStatus.WAITING);
    s.signal("approved", Map.of("ok", true, "by", "ana"));
    assertThat(s.status()).isEqualTo(ExecutionStatus.SUCCESS);
    assertThat(s.state().output()).isEqualTo(Map.of("by", "ana"));
  }

  @Test
  void aSignalSentBeforeTheWaitIsKept() {
    Scenario s =
        Scenario.of(YAML)
            .start()
            .signal("approved", Map.of("ok", true, "by", "early"))
            .succeed("prepare", 1);
    assertThat(s.status()).isEqualTo(ExecutionStatus.SUCCESS);
    assertThat(s.state().output()).isEqualTo(Map.of("by", "early"));
  }

  @Test
  void onTimeoutGoesToItsTask() {
    Scenario s =
        Scenario.of(YAML).start().succeed("prepare", 1).fire(TimerKind.WAIT_TIMEOUT, "approval");
    assertThat(s.status()).isEqualTo(ExecutionStatus.SUCCESS);
    assertThat(s.state().output()).isEqualTo(Map.of("expired", true));
  }

  @Test
  void withoutOnTimeoutTheExecutionTimesOut() {
    Scenario s =
        Scenario.of(
                """
                id: w
                tasks:
                  - { id: hold, type: wait, wait_for: go, timeout: 1m }
                """)
            .start();
    assertThat(s.status()).isEqualTo(ExecutionStatus.WAITING);
    s.fire(TimerKind.WAIT_TIMEOUT, "hold");
    assertThat(s.status()).isEqualTo(ExecutionStatus.TIMED_OUT);
  }

  @Test
  void waitingExecutionsCanBePausedCanceledAndAbandoned() {
    Scenario paused = Scenario.of(YAML).start().succeed("prepare", 1).pause();
    assertThat(paused.status()).isEqualTo(ExecutionStatus.PAUSED);
    assertThat(Scenario.of(YAML).start().succeed("prepare", 1).cancel().status())
        .isEqualTo(ExecutionStatus.CANCELED);
    assertThat(Scenario.of(YAML).start().succeed("prepare", 1).abandon().status())
        .isEqualTo(ExecutionStatus.FAILED);
  }

  @Test
  void aSignalWakesAWaitThatThenRunsATool() {
    Scenario s =
        Scenario.of(
                """
                id: w2
                tasks:
                  - { id: hold, type: wait, wait_for: go }
                  - { id: act, tool: work }
                """)
            .start();
    assertThat(s.status()).isEqualTo(ExecutionStatus.WAITING);
    s.signal("go", Map.of());
    assertThat(s.status()).isEqualTo(ExecutionStatus.RUNNING);
    assertThat(s.isDispatched("act")).isTrue();
  }
}
