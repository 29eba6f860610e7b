package io.compozy.workflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.compozy.contracts.execution.ExecutionStatus;
import io.compozy.contracts.execution.TaskStatus;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A router task: routes naming a task or holding one written in place. */
class RouterTaskTest {
  static final String YAML =
      """
      id: routed
      tasks:
        - id: pick
          type: router
          condition: 'workflow.input.kind'
          routes:
            big:
              id: handle-big
              tool: work
              with: { size: "{{ .workflow.input.kind }}" }
            small: note
        - { id: after, type: aggregate, final: true, outputs: { routed: "{{ .tasks.pick.output.output.done }}" } }
        - { id: note, type: aggregate, final: true, outputs: { noted: true } }
      """;

  @Test
  void anInlineRouteRunsInTheRoutersPlaceThenTheFlowGoesOnAfterIt() {
    Scenario s = Scenario.of(YAML).start(Map.of("kind", "big"));
    assertThat(s.step("pick/handle-big").input()).isEqualTo(Map.of("size", "big"));
    assertThat(s.task("pick").status()).isEqualTo(TaskStatus.RUNNING);
    s.succeed("pick/handle-big", Map.of("done", "yes"));
    assertThat(s.task("pick").output())
        .isEqualTo(Map.of("route_taken", "big", "output", Map.of("done", "yes")));
    assertThat(s.status()).isEqualTo(ExecutionStatus.SUCCESS);
    assertThat(s.state().output()).isEqualTo(Map.of("routed", "yes"));
  }

  @Test
  void aRouteByIdStillGoesToThatTask() {
    Scenario s = Scenario.of(YAML).start(Map.of("kind", "small"));
    assertThat(s.status()).isEqualTo(ExecutionStatus.SUCCESS);
    assertThat(s.state().output()).isEqualTo(Map.of("noted", true));
  }

  @Test
  void aFailedInlineRouteFailsTheRouter() {
    Scenario s =
        Scenario.of(YAML).start(Map.of("kind", "big")).fail("pick/handle-big", "tool_error", false);
    assertThat(s.task("pick").status()).isEqualTo(TaskStatus.FAILED);
    assertThat(s.task("pick").error().message())
        .startsWith("route 'big' ('pick/handle-big') failed");
    assertThat(s.status()).isEqualTo(ExecutionStatus.FAILED);
  }
}
