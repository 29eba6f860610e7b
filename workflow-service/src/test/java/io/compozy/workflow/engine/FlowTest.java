package io.compozy.workflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.compozy.contracts.execution.ExecutionStatus;
import io.compozy.contracts.execution.TaskStatus;
import io.compozy.contracts.message.TimerKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The flow between tasks: list order, next, final, sleep, conditions, outputs. */
class FlowTest {
  @Test
  void aFalseConditionSkipsTheTask() {
    Scenario s =
        Scenario.of(
                """
                id: skip
                tasks:
                  - { id: maybe, tool: work, condition: 'workflow.input.go == true' }
                  - { id: last, type: aggregate, outputs: { skipped: "{{ .tasks.maybe.status }}" } }
                """)
            .start(Map.of("go", false));
    assertThat(s.isDispatched("maybe")).isFalse();
    assertThat(s.state().output()).isEqualTo(Map.of("skipped", "skipped"));
  }

  @Test
  void sleepWaitsForItsTimerBeforeTheNextTask() {
    Scenario s =
        Scenario.of(
                """
                id: nap
                tasks:
                  - { id: first, type: aggregate, sleep: 5s, outputs: { a: 1 } }
                  - { id: second, tool: work }
                """)
            .start();
    assertThat(s.isDispatched("second")).isFalse();
    s.fire(TimerKind.SLEEP, "first");
    assertThat(s.isDispatched("second")).isTrue();
  }

  @Test
  void aContainerTimeoutCancelsItsChildren() {
    Scenario s =
        ParallelTaskTest.parallel("wait_all", "timeout: 30s")
            .fire(TimerKind.CONTAINER_TIMEOUT, "both");
    assertThat(s.status()).isEqualTo(ExecutionStatus.TIMED_OUT);
    assertThat(s.task("both/a").status()).isEqualTo(TaskStatus.CANCELED);
  }

  @Test
  void aLoopWithoutWorkIsStopped() {
    Scenario s =
        Scenario.of(
                """
                id: spin
                tasks:
                  - { id: again, type: aggregate, on_success: { next: again } }
                """)
            .start();
    assertThat(s.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(s.state().error().type()).isEqualTo("loop_limit");
  }

  @Test
  void aSignalTaskPublishesACloudEvent() {
    Scenario s =
        Scenario.of(
                """
                id: emit
                tasks:
                  - id: tell
                    type: signal
                    signal: { id: order.ready, payload: { n: "{{ .workflow.input.n }}" } }
                """)
            .start(Map.of("n", 7));
    Effect.PublishEvent e =
        (Effect.PublishEvent)
            s.effects.stream()
                .filter(x -> x instanceof Effect.PublishEvent)
                .findFirst()
                .orElseThrow();
    assertThat(e.cloudEvent())
        .containsEntry("type", "order.ready")
        .containsEntry("specversion", "1.0")
        .containsEntry("data", Map.of("n", 7));
    assertThat(s.status()).isEqualTo(ExecutionStatus.SUCCESS);
  }
}
