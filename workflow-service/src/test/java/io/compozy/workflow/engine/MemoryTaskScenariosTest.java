package io.compozy.workflow.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.compozy.contracts.dsl.MemoryOperation;
import io.compozy.contracts.execution.ExecutionStatus;
import io.compozy.contracts.message.MemoryStep;
import io.compozy.contracts.message.TimerKind;
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
    assertThat(step.operation()).isEqualTo(MemoryOperation.APPEND);
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
  void anUnknownMemoryFailsTheTask() {
    Scenario s =
        Scenario.of(WORKFLOW.replace("memory_ref: notes", "memory_ref: ghost"))
            .start(Map.of("user", "ada", "text", "x"));
    assertThat(s.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(s.task("save").error().type()).isEqualTo("memory_not_found");
  }

  @Test
  void anUnknownOperationIsRefusedWhenTheWorkflowIsRead() {
    assertThatThrownBy(() -> Scenario.of(WORKFLOW.replace("operation: append", "operation: shred")))
        .hasMessageContaining("shred")
        .hasMessageContaining("read, write, append, delete, clear, flush, stats, health");
  }
}
