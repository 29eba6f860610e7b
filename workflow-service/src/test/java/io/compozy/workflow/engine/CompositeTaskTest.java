package io.compozy.workflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.compozy.contracts.execution.ExecutionStatus;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A composite task: its children in order as one unit. */
class CompositeTaskTest {
  static final String YAML =
      """
      id: seq
      tasks:
        - id: steps
          type: composite
          strategy: %s
          tasks:
            - { id: one, tool: work, retries: 1 }
            - { id: two, tool: work, retries: 1 }
        - id: after
          type: aggregate
          outputs: { got: "{{ .tasks.steps.output.two }}" }
      """;

  @Test
  void runsChildrenInOrderThenGoesOn() {
    Scenario s = Scenario.of(YAML.formatted("fail_fast")).start();
    assertThat(s.dispatchedPaths()).containsExactly("steps/one");
    s.succeed("steps/one", "first");
    assertThat(s.dispatchedPaths()).containsExactly("steps/one", "steps/two");
    s.succeed("steps/two", "second");
    assertThat(s.status()).isEqualTo(ExecutionStatus.SUCCESS);
    assertThat(s.state().output()).isEqualTo(Map.of("got", "second"));
  }

  @Test
  void failFastStopsAtTheFirstFailure() {
    Scenario s =
        Scenario.of(YAML.formatted("fail_fast")).start().fail("steps/one", "tool_error", false);
    assertThat(s.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(s.isDispatched("steps/two")).isFalse();
  }

  @Test
  void bestEffortGoesOnAfterAFailure() {
    Scenario s =
        Scenario.of(YAML.formatted("best_effort"))
            .start()
            .fail("steps/one", "tool_error", false)
            .succeed("steps/two", "x");
    assertThat(s.status()).isEqualTo(ExecutionStatus.SUCCESS);
  }
}
