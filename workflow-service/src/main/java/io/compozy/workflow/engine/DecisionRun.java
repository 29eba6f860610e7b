package io.compozy.workflow.engine;

import io.compozy.contracts.dsl.CollectionTask;
import io.compozy.contracts.dsl.Durations;
import io.compozy.contracts.dsl.RetryPolicy;
import io.compozy.contracts.dsl.TaskConfig;
import io.compozy.contracts.dsl.TaskDef;
import io.compozy.contracts.execution.EventType;
import io.compozy.contracts.execution.ExecutionStatus;
import io.compozy.contracts.execution.TaskStatus;
import io.compozy.contracts.message.ExecutionEvent;
import io.compozy.contracts.message.StepError;
import io.compozy.contracts.message.TimerFired;
import io.compozy.contracts.message.TimerKind;
import io.compozy.contracts.schema.Violation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * One decision in progress: the evolving state, the effects collected so far, and an agenda of
 * follow-up work (a task that completes at once lets the next one start), drained in order. The
 * agenda rather than recursion keeps a long chain, or a loop of routers, off the stack.
 */
final class DecisionRun {
  static final int MAX_AGENDA_STEPS = 10_000;
  private static final JsonMapper CONVERTER =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  final WorkflowContext ctx;
  final Instant now;
  final Expressions expressions;
  private final Behaviors behaviors;
  private final List<Effect> effects = new ArrayList<>();
  private final Deque<Runnable> agenda = new ArrayDeque<>();
  private ExecutionState state;
  private int steps;

  DecisionRun(
      ExecutionState state,
      WorkflowContext ctx,
      Instant now,
      Expressions expressions,
      Behaviors behaviors) {
    this.state = state;
    this.ctx = ctx;
    this.now = now;
    this.expressions = expressions;
    this.behaviors = behaviors;
  }

  ExecutionState state() {
    return state;
  }

  Transition transition() {
    drain();
    settleStatus();
    return new Transition(state, effects);
  }

  void later(Runnable work) {
    agenda.add(work);
  }

  private void drain() {
    while (!agenda.isEmpty()) {
      if (++steps > MAX_AGENDA_STEPS) {
        agenda.clear();
        failExecution(
            new StepError(
                "loop_limit",
                "more than "
                    + MAX_AGENDA_STEPS
                    + " tasks ran in one step without any work; is there a loop of routers or"
                    + " aggregates?"));
        return;
      }
      agenda.poll().run();
    }
  }

  // ---- state access

  @Nullable TaskState task(String path) {
    return state.tasks().get(path);
  }

  void put(TaskState t) {
    state = state.withTask(t, now);
  }

  void setStatus(ExecutionStatus s) {
    state = state.withStatus(s, now);
  }

  void setDeferred(List<DeferredWork> deferred) {
    state = state.withDeferred(deferred);
  }

  void setSignals(List<ExecutionState.ReceivedSignal> signals) {
    state = state.withSignals(signals);
  }

  boolean isFinished() {
    return state.status().isFinished();
  }

  /**
   * The definition of a task instance: top level, a container's child, or a collection's item task.
   */
  TaskDef def(TaskState t) {
    if (t.parent() == null) {
      return ctx.workflow()
          .task(t.taskId())
          .orElseThrow(() -> new IllegalStateException("no task " + t.taskId()));
    }
    TaskDef parent = def(state.tasks().get(t.parent()));
    if (parent instanceof CollectionTask c) {
      return c.task();
    }
    return parent.children().stream()
        .filter(c -> c.id().equals(t.taskId()))
        .findFirst()
        .orElseThrow(
            () -> new IllegalStateException("no task " + t.taskId() + " in " + parent.id()));
  }

  TaskBehavior behavior(TaskDef def) {
    return behaviors.of(def);
  }

  /** The effective config of a task: its own, then the workflow's, the project's, the defaults. */
  TaskConfig config(TaskDef def) {
    TaskConfig own =
        def.config() == null ? new TaskConfig(null, null, null, null, null) : def.config();
    TaskConfig project =
        ctx.project() == null || ctx.project().config() == null
            ? null
            : CONVERTER.convertValue(ctx.project().config(), TaskConfig.class);
    TaskConfig wf = ctx.workflow().config() == null ? null : ctx.workflow().config().taskConfig();
    TaskConfig c = own.over(wf).over(project).over(TaskConfig.DEFAULTS);
    if (def.retries() != null) {
      RetryPolicy p = c.retryPolicy();
      c =
          new TaskConfig(
              new RetryPolicy(
                  p.initialInterval(),
                  p.backoffCoefficient(),
                  p.maximumInterval(),
                  def.retries(),
                  p.nonRetryableErrorTypes()),
              c.startToCloseTimeout(),
              c.scheduleToStartTimeout(),
              c.scheduleToCloseTimeout(),
              c.heartbeatTimeout());
    }
    return c;
  }

  Map<String, Object> scope(TaskState t) {
    return Scope.forTask(state, ctx, t);
  }

  // ---- events and timers

  void emit(EventType type, @Nullable String path, Map<String, Object> data) {
    long seq = state.eventSeq() + 1;
    state = state.withEventSeq(seq);
    effects.add(
        new Effect.EmitEvent(
            new ExecutionEvent(
                "evt:" + state.execId() + ":" + seq,
                state.execId(),
                state.workflowId(),
                seq,
                type,
                state.status(),
                path,
                data,
                now)));
  }

  void effect(Effect e) {
    effects.add(e);
  }

  static Map<String, Object> data(Object... keyValues) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      if (keyValues[i + 1] != null) {
        out.put((String) keyValues[i], keyValues[i + 1]);
      }
    }
    return out;
  }

  String timerId(TimerKind kind, String path, int attempt) {
    return state.execId() + "/" + path + "/" + kind.wireName() + "/" + attempt;
  }

  void setTimer(TimerKind kind, String path, int attempt, Duration after) {
    String id = timerId(kind, path, attempt);
    Set<String> timers = new LinkedHashSet<>(state.timers());
    timers.add(id);
    state = state.withTimers(timers);
    effects.add(
        new Effect.SetTimer(
            id,
            now.plus(after),
            new TimerFired("timer:" + id, state.execId(), id, kind, path, attempt)));
  }

  /** Forgets a timer that fired; true when it was still set (a stale firing is ignored). */
  boolean takeTimer(String id) {
    if (!state.timers().contains(id)) {
      return false;
    }
    Set<String> timers = new LinkedHashSet<>(state.timers());
    timers.remove(id);
    state = state.withTimers(timers);
    return true;
  }

  void cancelTimer(String id) {
    if (takeTimer(id)) {
      effects.add(new Effect.CancelTimer(id));
    }
  }

  void cancelTimersOf(String path) {
    String prefix = state.execId() + "/" + path + "/";
    List.copyOf(state.timers()).stream()
        .filter(id -> id.startsWith(prefix))
        .forEach(this::cancelTimer);
  }

  void cancelAllTimers() {
    List.copyOf(state.timers()).forEach(this::cancelTimer);
  }

  // ---- entering and completing tasks

  void enterTop(String taskId, @Nullable Map<String, Object> extraWith) {
    TaskDef def = ctx.workflow().task(taskId).orElse(null);
    if (def == null) {
      failExecution(
          new StepError(
              "task_not_found",
              "task '" + taskId + "' is not a task of workflow '" + ctx.workflow().id() + "'"));
      return;
    }
    Map<String, Object> vars =
        extraWith == null ? Map.of() : Map.of(Scope.WITH_OVERRIDE, extraWith);
    enter(def, taskId, null, vars);
  }

  /**
   * Starts a task instance: records it running, applies its skip condition, hands it to its type.
   */
  void enter(TaskDef def, String path, @Nullable String parent, Map<String, Object> vars) {
    if (isFinished()) {
      return;
    }
    TaskState previous = task(path);
    int attempt = previous == null ? 1 : previous.attempt() + 1;
    String id =
        previous == null
            ? def.id()
            : previous.taskId(); // a collection item's id may be rendered per item
    TaskState t =
        new TaskState(
            path,
            id,
            parent,
            TaskStatus.RUNNING,
            null,
            null,
            null,
            attempt,
            attempt,
            now,
            null,
            vars,
            List.of(),
            null);
    put(t);
    if (def.skipCondition() != null) {
      boolean run;
      try {
        run = expressions.test(def.skipCondition(), scope(t), "task '" + def.id() + "' condition");
      } catch (Expressions.Failure f) {
        complete(path, TaskStatus.FAILED, null, f.error);
        return;
      }
      if (!run) {
        complete(path, TaskStatus.SKIPPED, null, null);
        return;
      }
    }
    emit(
        EventType.TASK_STATUS,
        path,
        data("status", TaskStatus.RUNNING.wireName(), "attempt", attempt));
    try {
      StepError invalid = def.input() == null ? null : invalidInput(def, t);
      if (invalid != null) {
        complete(path, TaskStatus.FAILED, null, invalid);
        return;
      }
      behavior(def).enter(this, def, task(path));
    } catch (Expressions.Failure f) {
      complete(path, TaskStatus.FAILED, null, f.error);
    }
  }

  /**
   * The task's rendered {@code with} (and a transition's) against its {@code input} schema; null
   * when it passes.
   */
  @SuppressWarnings("unchecked")
  private @Nullable StepError invalidInput(TaskDef def, TaskState t) {
    Map<String, Object> with = new LinkedHashMap<>();
    if (def.with() != null) {
      with.putAll(
          (Map<String, Object>)
              expressions.render(def.with(), scope(t), "task '" + def.id() + "' with"));
    }
    if (t.vars().get(Scope.WITH_OVERRIDE) instanceof Map<?, ?> extra) {
      with.putAll((Map<String, Object>) extra);
    }
    return schemaProblem(def, def.input(), with, "invalid_input", "input");
  }

  private @Nullable StepError invalidOutput(TaskDef def, @Nullable Object output) {
    return schemaProblem(def, def.output(), output, "invalid_output", "output");
  }

  private @Nullable StepError schemaProblem(
      TaskDef def, Object ref, @Nullable Object value, String type, String what) {
    Map<String, Object> schema = ctx.schema(ref).orElse(null);
    if (schema == null) {
      return new StepError(
          "schema_not_found",
          "task '" + def.id() + "': its " + what + " schema '" + ref + "' is not defined");
    }
    List<Violation> violations = expressions.schemas.validate(schema, value, "");
    return violations.isEmpty()
        ? null
        : new StepError(
            type,
            "task '"
                + def.id()
                + "': "
                + what
                + " does not match its schema: "
                + violations.stream()
                    .map(v -> (v.pointer().isEmpty() ? "/" : v.pointer()) + " " + v.message())
                    .toList());
  }

  /** Ends a task instance (once) and queues what follows from it. */
  void complete(String path, TaskStatus end, @Nullable Object output, @Nullable StepError error) {
    complete(path, end, output, error, null);
  }

  /** Ends a task; {@code usage} (tokens by model, from an agent step) goes on its event. */
  void complete(
      String path,
      TaskStatus end,
      @Nullable Object output,
      @Nullable StepError error,
      @Nullable Object usage) {
    TaskState t = task(path);
    if (t == null || t.status().isFinished()) {
      return;
    }
    if (end == TaskStatus.SUCCESS && def(t).output() != null) {
      StepError invalid = invalidOutput(def(t), output);
      if (invalid != null) {
        end = TaskStatus.FAILED;
        error = invalid;
      }
    }
    put(t.with(end, now).withOutput(output).withError(error));
    cancelTimersOf(path);
    emit(
        EventType.TASK_STATUS,
        path,
        data("status", end.wireName(), "output", output, "error", error, "usage", usage));
    later(() -> propagate(path));
  }

  /** Hands a finished task to its container, or to the workflow's flow; held back while paused. */
  void propagate(String path) {
    if (isFinished()) {
      return;
    }
    if (state.status() == ExecutionStatus.PAUSED) {
      setDeferred(
          ExecutionState.plus(
              state.deferred(), new DeferredWork(DeferredWork.Kind.PROPAGATE, path)));
      return;
    }
    TaskState t = task(path);
    if (t.parent() == null) {
      try {
        topFlow(t);
      } catch (Expressions.Failure f) {
        failExecution(f.error);
      }
      return;
    }
    TaskState parent = task(t.parent());
    if (parent == null || parent.status().isFinished()) {
      return;
    }
    TaskDef parentDef = def(parent);
    try {
      behavior(parentDef).onChildDone(this, parentDef, parent, t);
    } catch (Expressions.Failure f) {
      cancelSubtree(parent.path());
      complete(parent.path(), TaskStatus.FAILED, null, f.error);
    }
  }

  private void topFlow(TaskState t) {
    TaskDef def = def(t);
    switch (t.status()) {
      case SUCCESS, SKIPPED -> {
        if (t.status() == TaskStatus.SUCCESS && def.sleep() != null) {
          setTimer(TimerKind.SLEEP, t.path(), t.attempt(), Durations.parse(def.sleep()));
        } else {
          advance(t);
        }
      }
      case FAILED -> {
        String next =
            t.next() != null ? t.next() : def.onError() == null ? null : def.onError().next();
        if (next == null) {
          StepError e = t.error() == null ? new StepError("task_failed", "") : t.error();
          failExecution(new StepError(e.type(), "task '" + t.path() + "' failed: " + e.message()));
        } else {
          enterTop(next, transitionWith(def.onError(), t));
        }
      }
      default -> {}
    }
  }

  /**
   * Goes on after a successful (or skipped) top-level task: its route, its next, the next in the
   * list, or the end.
   */
  void advance(TaskState t) {
    TaskDef def = def(t);
    String next = t.next();
    if (next == null && def.onSuccess() != null) {
      next = def.onSuccess().next();
    }
    if (next == null && !def.endsWorkflow()) {
      int i = ctx.workflow().indexOf(def.id());
      next = i + 1 < ctx.workflow().tasks().size() ? ctx.workflow().tasks().get(i + 1).id() : null;
    }
    if (next == null || (def.endsWorkflow() && t.next() == null)) {
      finish(t.output());
    } else {
      enterTop(next, transitionWith(def.onSuccess(), t));
    }
  }

  @SuppressWarnings("unchecked")
  private @Nullable Map<String, Object> transitionWith(
      TaskDef.@Nullable Transition transition, TaskState from) {
    if (transition == null || transition.with() == null) {
      return null;
    }
    return (Map<String, Object>)
        expressions.render(
            transition.with(), scope(from), "task '" + from.taskId() + "' transition with");
  }

  // ---- the execution's end

  void finish(@Nullable Object lastOutput) {
    Object output = lastOutput;
    if (ctx.workflow().outputs() != null) {
      try {
        output =
            expressions.render(
                ctx.workflow().outputs(),
                Scope.forOutputs(state, ctx, ExecutionStatus.SUCCESS),
                "workflow outputs");
      } catch (Expressions.Failure f) {
        failExecution(f.error);
        return;
      }
    }
    cancelAllTimers();
    state = state.finished(ExecutionStatus.SUCCESS, output, null, now);
    emit(EventType.WORKFLOW_STATUS, null, data("status", ExecutionStatus.SUCCESS.wireName()));
    emit(
        EventType.COMPLETE,
        null,
        data("status", ExecutionStatus.SUCCESS.wireName(), "output", output));
  }

  void failExecution(StepError error) {
    if (isFinished()) {
      return;
    }
    ExecutionStatus end = error.isTimeout() ? ExecutionStatus.TIMED_OUT : ExecutionStatus.FAILED;
    cancelActiveTasks();
    cancelAllTimers();
    state = state.finished(end, null, error, now);
    emit(EventType.WORKFLOW_STATUS, null, data("status", end.wireName()));
    emit(EventType.ERROR, null, data("status", end.wireName(), "error", error));
  }

  void cancelExecution(@Nullable String reason) {
    cancelActiveTasks();
    cancelAllTimers();
    StepError error = new StepError("canceled", reason == null ? "canceled" : reason);
    state = state.finished(ExecutionStatus.CANCELED, null, error, now);
    emit(EventType.WORKFLOW_STATUS, null, data("status", ExecutionStatus.CANCELED.wireName()));
    emit(
        EventType.ERROR, null, data("status", ExecutionStatus.CANCELED.wireName(), "error", error));
  }

  private void cancelActiveTasks() {
    for (TaskState t : List.copyOf(state.tasks().values())) {
      if (t.status().isActive() || t.status() == TaskStatus.PENDING) {
        put(t.with(TaskStatus.CANCELED, now));
        emit(EventType.TASK_STATUS, t.path(), data("status", TaskStatus.CANCELED.wireName()));
      }
    }
  }

  /** Cancels the unfinished descendants of a container (not the container itself). */
  void cancelSubtree(String path) {
    for (TaskState t : List.copyOf(state.tasks().values())) {
      boolean below = t.path().startsWith(path + "/") || t.path().startsWith(path + "[");
      if (below && !t.status().isFinished()) {
        put(t.with(TaskStatus.CANCELED, now));
        cancelTimersOf(t.path());
        emit(EventType.TASK_STATUS, t.path(), data("status", TaskStatus.CANCELED.wireName()));
      }
    }
  }

  /** RUNNING while any task works; WAITING when only wait tasks are left waiting for a signal. */
  private void settleStatus() {
    ExecutionStatus s = state.status();
    if (s != ExecutionStatus.RUNNING && s != ExecutionStatus.WAITING) {
      return;
    }
    boolean signalWait = false;
    boolean working = false;
    for (TaskState t : state.tasks().values()) {
      if (!t.children().isEmpty() || !t.status().isActive()) {
        continue;
      }
      if (t.status() == TaskStatus.WAITING && behaviors.isWait(def(t))) {
        signalWait = true;
      } else {
        working = true;
      }
    }
    ExecutionStatus next =
        signalWait && !working ? ExecutionStatus.WAITING : ExecutionStatus.RUNNING;
    if (next != s) {
      setStatus(next);
      emit(EventType.WORKFLOW_STATUS, null, data("status", next.wireName()));
    }
  }
}
