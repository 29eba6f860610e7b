package io.compozy.workflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.compozy.contracts.dsl.KnowledgeBaseDef;
import io.compozy.contracts.dsl.ModelDef;
import io.compozy.contracts.dsl.ProjectDef;
import io.compozy.contracts.dsl.RuntimeDef;
import io.compozy.contracts.dsl.ToolDef;
import io.compozy.contracts.dsl.WorkflowDef;
import io.compozy.contracts.execution.ExecutionStatus;
import io.compozy.contracts.json.Json;
import io.compozy.contracts.message.AgentStep;
import io.compozy.contracts.message.CancelExecution;
import io.compozy.contracts.message.EngineMessage;
import io.compozy.contracts.message.MemoryStep;
import io.compozy.contracts.message.PauseExecution;
import io.compozy.contracts.message.ResumeExecution;
import io.compozy.contracts.message.SignalExecution;
import io.compozy.contracts.message.StartExecution;
import io.compozy.contracts.message.StepError;
import io.compozy.contracts.message.StepFailed;
import io.compozy.contracts.message.StepSucceeded;
import io.compozy.contracts.message.TimerKind;
import io.compozy.contracts.message.ToolStep;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A workflow driven by hand: the test plays the worker (succeed/fail a dispatched step), the
 * scheduler (fire a timer) and the user (cancel, pause, resume, signal). Every decision's status
 * move is recorded so a test can check each legal move is exercised.
 */
final class Scenario {
  private static final Decider DECIDER = new Decider();

  private WorkflowContext ctx;
  private ExecutionState state;
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  final List<Effect> effects = new ArrayList<>();
  private final Map<String, Object> dispatched = new LinkedHashMap<>();
  private final Map<String, Effect.SetTimer> timers = new LinkedHashMap<>();
  private final List<ExecutionStatus.Move> moves = new ArrayList<>();
  private ExecutionStatus told = ExecutionStatus.PENDING;
  private int messages;

  private Scenario(String yaml) {
    WorkflowDef wf = Json.YAML.readValue(yaml, WorkflowDef.class);
    ProjectDef project =
        new ProjectDef(
            "p",
            null,
            null,
            null,
            null,
            List.of(new ModelDef("fast", "mock", "echo", null, null, true, null, null, null)),
            List.of(new ToolDef("work", null, null, null, null, null, null, null)),
            new RuntimeDef("node", "/tools.js", null),
            null,
            null,
            List.of(
                Map.of(
                    "id",
                    "notes",
                    "max_messages",
                    5,
                    "default_key_template",
                    "notes:{{ .workflow.input.user }}")),
            null,
            null);
    this.ctx = new WorkflowContext(wf, project);
    this.state = ExecutionState.pending("exec_1", wf.id(), Map.of(), now);
  }

  static Scenario of(String yaml) {
    return new Scenario(yaml);
  }

  /** The knowledge bases stored on their own (the catalog's), beside the workflow's. */
  Scenario withStoredKnowledgeBases(KnowledgeBaseDef... bases) {
    ctx =
        new WorkflowContext(
            ctx.workflow(),
            ctx.project(),
            ctx.agents(),
            ctx.models(),
            ctx.memories(),
            ctx.storedMcps(),
            ctx.storedTools(),
            ctx.sharedSchemas(),
            id -> Arrays.stream(bases).filter(b -> b.id().equals(id)).findFirst());
    return this;
  }

  Scenario start(Map<String, Object> input) {
    state = ExecutionState.pending("exec_1", state.workflowId(), input, now);
    return apply(new StartExecution(id(), "exec_1", state.workflowId(), input, null, now));
  }

  Scenario start() {
    return start(Map.of());
  }

  Scenario apply(EngineMessage m) {
    now = now.plusMillis(10);
    Transition t = DECIDER.decide(state, m, ctx, now);
    state = t.state();
    effects.addAll(t.effects());
    for (Effect e : t.effects()) {
      switch (e) {
        case Effect.DispatchStep d ->
            dispatched.put(
                switch (d.step()) {
                  case AgentStep a -> a.taskId();
                  case MemoryStep ms -> ms.taskId();
                  default -> ((ToolStep) d.step()).taskId();
                },
                d.step());
        case Effect.SetTimer s -> timers.put(s.timerId(), s);
        case Effect.CancelTimer c -> timers.remove(c.timerId());
        case Effect.EmitEvent ev -> seen(ev.event().status());
        default -> {}
      }
    }
    return this;
  }

  Scenario abandon() {
    Transition t = DECIDER.abandon(state, new StepError("workflow_not_found", "gone"), now);
    state = t.state();
    t.effects().stream()
        .filter(e -> e instanceof Effect.EmitEvent)
        .forEach(e -> seen(((Effect.EmitEvent) e).event().status()));
    return this;
  }

  /** The tool step last dispatched for a task path. */
  ToolStep step(String path) {
    Object s = dispatched.get(path);
    assertThat(s)
        .as("a step dispatched for " + path + " (dispatched: " + dispatched.keySet() + ")")
        .isInstanceOf(ToolStep.class);
    return (ToolStep) s;
  }

  /** The memory step last dispatched for a task path. */
  MemoryStep memoryStep(String path) {
    Object s = dispatched.get(path);
    assertThat(s).as("a memory step dispatched for " + path).isInstanceOf(MemoryStep.class);
    return (MemoryStep) s;
  }

  /** The agent step last dispatched for a task path. */
  AgentStep agentStep(String path) {
    Object s = dispatched.get(path);
    assertThat(s)
        .as("an agent step dispatched for " + path + " (dispatched: " + dispatched.keySet() + ")")
        .isInstanceOf(AgentStep.class);
    return (AgentStep) s;
  }

  private record Sent(String taskId, String stepId, int attempt) {}

  private Sent sent(String path) {
    Object s = dispatched.get(path);
    assertThat(s)
        .as("a step dispatched for " + path + " (dispatched: " + dispatched.keySet() + ")")
        .isNotNull();
    return switch (s) {
      case AgentStep a -> new Sent(a.taskId(), a.stepId(), a.attempt());
      case MemoryStep m -> new Sent(m.taskId(), m.stepId(), m.attempt());
      default ->
          new Sent(((ToolStep) s).taskId(), ((ToolStep) s).stepId(), ((ToolStep) s).attempt());
    };
  }

  Scenario succeedWithUsage(String path, Object output, Map<String, StepSucceeded.Usage> usage) {
    Sent s = sent(path);
    return apply(
        new StepSucceeded(id(), "exec_1", s.taskId(), s.stepId(), s.attempt(), output, now, usage));
  }

  boolean isDispatched(String path) {
    return dispatched.containsKey(path);
  }

  Scenario succeed(String path, Object output) {
    Sent s = sent(path);
    return apply(
        new StepSucceeded(id(), "exec_1", s.taskId(), s.stepId(), s.attempt(), output, now));
  }

  Scenario fail(String path, String type, boolean retryable) {
    Sent s = sent(path);
    return apply(
        new StepFailed(
            id(),
            "exec_1",
            s.taskId(),
            s.stepId(),
            s.attempt(),
            new StepError(type, "it broke"),
            retryable,
            now));
  }

  /** Fires the pending timer of a kind for a path (the scheduler's part). */
  Scenario fire(TimerKind kind, String path) {
    Effect.SetTimer t =
        timers.values().stream()
            .filter(x -> x.fired().kind() == kind && x.fired().path().equals(path))
            .reduce((a, b) -> b)
            .orElseThrow(
                () ->
                    new AssertionError(
                        "no " + kind + " timer for " + path + " in " + timers.keySet()));
    timers.remove(t.timerId());
    now = t.fireAt().isAfter(now) ? t.fireAt() : now;
    return apply(t.fired());
  }

  /** How long from now the pending timer of a kind for a path is set to fire. */
  Duration timerDelay(TimerKind kind, String path) {
    return timers.values().stream()
        .filter(x -> x.fired().kind() == kind && x.fired().path().equals(path))
        .reduce((a, b) -> b)
        .map(t -> Duration.between(now, t.fireAt()))
        .orElseThrow(() -> new AssertionError("no " + kind + " timer for " + path));
  }

  boolean hasTimer(TimerKind kind, String path) {
    return timers.values().stream()
        .anyMatch(x -> x.fired().kind() == kind && x.fired().path().equals(path));
  }

  Scenario cancel() {
    return apply(new CancelExecution(id(), "exec_1", "user asked"));
  }

  Scenario pause() {
    return apply(new PauseExecution(id(), "exec_1"));
  }

  Scenario resume() {
    return apply(new ResumeExecution(id(), "exec_1"));
  }

  Scenario signal(String name, Object payload) {
    return apply(new SignalExecution(id(), "exec_1", name, payload, now));
  }

  /**
   * The status moves the execution made, as its events told them (each event carries the status at
   * the time), in order.
   */
  List<ExecutionStatus.Move> moves() {
    return List.copyOf(moves);
  }

  private void seen(ExecutionStatus status) {
    if (status != told) {
      moves.add(new ExecutionStatus.Move(told, status));
      told = status;
    }
  }

  ExecutionState state() {
    return state;
  }

  ExecutionStatus status() {
    return state.status();
  }

  TaskState task(String path) {
    return state.tasks().get(path);
  }

  List<String> dispatchedPaths() {
    return List.copyOf(dispatched.keySet());
  }

  private String id() {
    return "m" + (++messages);
  }
}
