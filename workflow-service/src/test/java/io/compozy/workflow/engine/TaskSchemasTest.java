package io.compozy.workflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.compozy.contracts.execution.ExecutionStatus;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A task's input and output schemas. */
class TaskSchemasTest {
  static final String YAML =
      """
      id: checked
      schemas:
        - id: result
          type: object
          required: [total]
      tasks:
        - id: sum
          tool: work
          input:
            type: object
            required: [n]
            properties: { n: { type: integer, minimum: 1 } }
          output: result
          with: { n: "{{ .workflow.input.n }}" }
      """;

  @Test
  void aTaskWhoseInputBreaksItsSchemaFailsBeforeItRuns() {
    Scenario s = Scenario.of(YAML).start(Map.of("n", 0));
    assertThat(s.dispatchedPaths()).isEmpty();
    assertThat(s.task("sum").error().type()).isEqualTo("invalid_input");
    assertThat(s.task("sum").error().message()).contains("/n");
    assertThat(s.status()).isEqualTo(ExecutionStatus.FAILED);
  }

  @Test
  void anOutputThatBreaksItsSchemaFailsTheTaskAndAGoodOneGoesOn() {
    Scenario bad = Scenario.of(YAML).start(Map.of("n", 2)).succeed("sum", Map.of("wrong", 1));
    assertThat(bad.task("sum").error().type()).isEqualTo("invalid_output");
    assertThat(bad.status()).isEqualTo(ExecutionStatus.FAILED);
    Scenario good = Scenario.of(YAML).start(Map.of("n", 2)).succeed("sum", Map.of("total", 3));
    assertThat(good.status()).isEqualTo(ExecutionStatus.SUCCESS);
  }
}
