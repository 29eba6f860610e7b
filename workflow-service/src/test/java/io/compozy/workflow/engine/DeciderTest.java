package io.compozy.workflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.compozy.contracts.dsl.LoadedProject;
import io.compozy.contracts.dsl.ProjectLoader;
import io.compozy.contracts.execution.ExecutionStatus;
import io.compozy.contracts.execution.TaskStatus;
import io.compozy.contracts.message.EngineMessage;
import io.compozy.contracts.message.StartExecution;
import io.compozy.contracts.message.StepError;
import io.compozy.contracts.message.StepFailed;
import io.compozy.contracts.message.StepSucceeded;
import io.compozy.contracts.message.ToolStep;
import io.compozy.contracts.topic.Topics;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeciderTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final LoadedProject HELLO = ProjectLoader.load(Path.of("../examples/hello"));
  private static final WorkflowContext CTX =
      new WorkflowContext(HELLO.workflows().getFirst(), HELLO.project());

  private final Decider decider = new Decider();

  private Transition decide(ExecutionState s, EngineMessage in) {
    Transition t = decider.decide(s, in, CTX, T0.plusSeconds(1));
    return t;
  }

  private static ExecutionState pending(Map<String, Object> input) {
    return ExecutionState.pending("exec_1", "my-workflow", input, T0);
  }

  private static StartExecution start(Map<String, Object> input) {
    return new StartExecution("m1", "exec_1", "my-workflow", input, null, T0);
  }

  private static ToolStep onlyStep(Transition t) {
    List<ToolStep> steps =
        t.effects().stream()
            .filter(e -> e instanceof Effect.DispatchStep)
            .map(e -> (ToolStep) ((Effect.DispatchStep) e).step())
            .toList();
    assertThat(steps).hasSize(1);
    return steps.getFirst();
  }

  private static List<String> eventTypes(Transition t) {
    return t.effects().stream()
        .filter(e -> e instanceof Effect.EmitEvent)
        .map(e -> ((Effect.EmitEvent) e).event())
        .map(e -> e.type().wireName())
        .toList();
  }

  private static StepSucceeded succeeded(ToolStep step, Object output) {
    return new StepSucceeded(
        "r:" + step.stepId(),
        step.execId(),
        step.taskId(),
        step.stepId(),
        step.attempt(),
        output,
        T0);
  }

  @Test
  void startDispatchesTheFirstToolWithRenderedInput() {
    Transition t =
        decide(
            pending(Map.of("message", "Hello, world!")), start(Map.of("message", "Hello, world!")));
    assertThat(t.state().status()).isEqualTo(ExecutionStatus.RUNNING);
    ToolStep step = onlyStep(t);
    assertThat(step.toolId()).isEqualTo("shout");
    assertThat(step.input()).isEqualTo(Map.of("text", "Hello, world!"));
    assertThat(step.runtime().entrypoint()).isEqualTo("./tools.js");
    assertThat(
            ((Effect.DispatchStep)
                    t.effects().stream()
                        .filter(e -> e instanceof Effect.DispatchStep)
                        .findFirst()
                        .orElseThrow())
                .topic())
        .isEqualTo(Topics.STEPS_TOOL);
    assertThat(eventTypes(t)).containsExactly("workflow_start", "workflow_status", "task_status");
  }

  @Test
  void longMessageTakesTheLoudRouteAndProducesTheExpectedOutput() {
    Map<String, Object> input = Map.of("message", "Hello, world!");
    Transition started = decide(pending(input), start(input));
    Transition done =
        decide(
            started.state(),
            succeeded(onlyStep(started), Map.of("text", "HELLO, WORLD!", "length", 13)));
    assertThat(done.state().status()).isEqualTo(ExecutionStatus.SUCCESS);
    assertThat(done.state().output())
        .isEqualTo(Map.of("greeting", "HELLO, WORLD!!!!", "chars", 13));
    assertThat(done.state().tasks().get("size").output()).isEqualTo(Map.of("route_taken", "long"));
    assertThat(done.state().tasks())
        .containsKeys("shout", "size", "loud", "done")
        .doesNotContainKey("quiet");
    assertThat(eventTypes(done)).endsWith("workflow_status", "complete");
  }

  @Test
  void shortMessageTakesTheQuietRoute() {
    Map<String, Object> input = Map.of("message", "hi");
    Transition started = decide(pending(input), start(input));
    Transition done =
        decide(started.state(), succeeded(onlyStep(started), Map.of("text", "HI", "length", 2)));
    assertThat(done.state().output()).isEqualTo(Map.of("greeting", "HI", "chars", 2));
  }

  @Test
  void duplicateStartIsIgnored() {
    Map<String, Object> input = Map.of("message", "hi");
    Transition started = decide(pending(input), start(input));
    Transition again = decide(started.state(), start(input));
    assertThat(again.effects()).isEmpty();
    assertThat(again.state()).isEqualTo(started.state());
  }

  @Test
  void resultAfterTheEndIsIgnored() {
    Map<String, Object> input = Map.of("message", "hi");
    Transition started = decide(pending(input), start(input));
    ToolStep step = onlyStep(started);
    Transition done = decide(started.state(), succeeded(step, Map.of("text", "HI", "length", 2)));
    Transition late = decide(done.state(), succeeded(step, Map.of("text", "HI", "length", 2)));
    assertThat(late.effects()).isEmpty();
    assertThat(late.state()).isEqualTo(done.state());
  }

  @Test
  void resultForAnotherAttemptIsIgnored() {
    Map<String, Object> input = Map.of("message", "hi");
    Transition started = decide(pending(input), start(input));
    ToolStep step = onlyStep(started);
    StepSucceeded stale =
        new StepSucceeded("x", step.execId(), step.taskId(), step.stepId(), 7, Map.of(), T0);
    assertThat(decide(started.state(), stale).effects()).isEmpty();
  }

  @Test
  void aToolFailureFailsTheWorkflowNamingTheTask() {
    Map<String, Object> input = Map.of("message", "hi");
    Transition started = decide(pending(input), start(input));
    ToolStep step = onlyStep(started);
    Transition failed =
        decide(
            started.state(),
            new StepFailed(
                "f",
                step.execId(),
                step.taskId(),
                step.stepId(),
                1,
                new StepError("tool_error", "boom"),
                false,
                T0));
    assertThat(failed.state().status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(failed.state().error().message()).contains("task 'shout' failed: boom");
    assertThat(eventTypes(failed)).endsWith("workflow_status", "error");
  }

  @Test
  void aRouteMatchingNothingFailsTheWorkflow() {
    Map<String, Object> input = Map.of("message", "hi");
    Transition started = decide(pending(input), start(input));
    // a length that is not a number makes the CEL comparison fail: the router task fails
    Transition failed =
        decide(
            started.state(), succeeded(onlyStep(started), Map.of("text", "HI", "length", "two")));
    assertThat(failed.state().status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(failed.state().error().type()).isEqualTo("condition_error");
    assertThat(failed.state().tasks().get("size").status()).isEqualTo(TaskStatus.FAILED);
  }

  @Test
  void startAtAnUnknownTaskFails() {
    Map<String, Object> input = Map.of("message", "hi");
    Transition t =
        decide(pending(input), new StartExecution("m", "exec_1", "my-workflow", input, "nope", T0));
    assertThat(t.state().status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(t.state().error().type()).isEqualTo("task_not_found");
  }

  @Test
  void startMidWorkflowSkipsEarlierTasks() {
    Map<String, Object> input = Map.of("message", "hi");
    Transition t =
        decide(
            pending(input), new StartExecution("m", "exec_1", "my-workflow", input, "quiet", T0));
    // quiet reads the output of shout, which did not run: it is empty, the task still runs
    assertThat(t.state().status()).isEqualTo(ExecutionStatus.SUCCESS);
    assertThat(t.state().tasks()).containsOnlyKeys("quiet", "done");
  }

  @Test
  void eventIdsAreDeterministicAndIncreasing() {
    Map<String, Object> input = Map.of("message", "hi");
    Transition a = decide(pending(input), start(input));
    Transition b = new Decider().decide(pending(input), start(input), CTX, T0.plusSeconds(1));
    assertThat(a.effects()).isEqualTo(b.effects());
    assertThat(a.state().eventSeq()).isEqualTo(3);
  }
}
