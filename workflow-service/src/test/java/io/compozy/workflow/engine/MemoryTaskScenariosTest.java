package io.compozy.workflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.compozy.contracts.execution.ExecutionStatus;
import io.compozy.contracts.message.MemoryStep;
import io.compozy.contracts.message.TimerKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Memory tasks: the step the engine sends to the memory worker, and what fails before it. */
class MemoryTaskScenariosTest {
  static final String WORKFLOW =
      """
      id: wf
      tasks:
        - id: save
          type: memory
          operation: append
          memory_ref: notes
          payload:
            role: user
            content: "{{ .workflow.input.text }}"
          retries: 2
      """;

  @Test
  void aMemoryTaskRendersItsKeyAndPayloadAndTakesTheWorkersOutput() {
    Scenario s = Scenario.of(WORKFLOW).start(Map.of("user", "ada", "text", "remember me"));
    MemoryStep step = s.memoryStep("save");
    assertThat(step.key()).isEqualTo("notes:ada"); // the memory's default_key_template
    assertThat(step.operation()).isEqualTo("append");
    assertThat(step.payload()).isEqualTo(Map.of("role", "user", "content", "remember me"));
    assertThat(step.memory().maxMessages()).isEqualTo(5);
    s.succeed("save", Map.of("key", "notes:ada", "message_count", 1));
    assertThat(s.status()).isEqualTo(ExecutionStatus.SUCCESS);
  }

  @Test
  void aRedisFailureIsRetriedWithTheSameStep() {
    Scenario s = Scenario.of(WORKFLOW).start(Map.of("user", "ada", "text", "x"));
    s.fail("save", "memory_unavailable", true).fire(TimerKind.RETRY, "save");
    assertThat(s.memoryStep("save").attempt()).isEqualTo(2);
    assertThat(s.memoryStep("save").key()).isEqualTo("notes:ada");
  }

  @Test
  void anUnknownMemoryOrOperationFailsTheTask() {
    for (var c :
        List.of(
            List.of("memory_ref: notes", "memory_ref: ghost", "memory_not_found"),
            List.of("operation: append", "operation: shred", "invalid_task"))) {
      Scenario s =
          Scenario.of(WORKFLOW.replace(c.get(0), c.get(1)))
              .start(Map.of("user", "ada", "text", "x"));
      assertThat(s.status()).isEqualTo(ExecutionStatus.FAILED);
      assertThat(s.task("save").error().type()).isEqualTo(c.get(2));
    }
  }
}
