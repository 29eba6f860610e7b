package io.compozy.workflow.engine;

import io.compozy.contracts.dsl.AggregateTask;
import io.compozy.contracts.dsl.BasicTask;
import io.compozy.contracts.dsl.RouterTask;
import io.compozy.contracts.dsl.TaskDef;
import io.compozy.contracts.dsl.WorkflowDef;
import io.compozy.contracts.message.EngineMessage;
import io.compozy.contracts.message.ExecutionEvent;
import io.compozy.contracts.message.StartExecution;
import io.compozy.contracts.message.StepError;
import io.compozy.contracts.message.StepFailed;
import io.compozy.contracts.message.StepSucceeded;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The orchestrator's decision: given an execution's state and one input (a command or a step
 * result), the next state and the effects. Pure and thread-safe; an input that no longer applies
 * (a duplicate start, a result for a step that is not running) leaves the state unchanged.
 */
public final class Decider {
  /** Tasks that complete without a worker are run in a loop; this bounds a loop with no work. */
  static final int MAX_TASKS_PER_DECISION = 10_000;

  private final Expressions expressions = new Expressions();
  private final BasicTaskBehavior basic = new BasicTaskBehavior(expressions);
  private final RouterTaskBehavior router = new RouterTaskBehavior(expressions);
  private final AggregateTaskBehavior aggregate = new AggregateTaskBehavior(expressions);

  public Transition decide(ExecutionState state, EngineMessage input, WorkflowContext ctx, Instant now) {
    return switch (input) {
      case StartExecution c -> start(state, c, ctx, now);
      case StepSucceeded r -> onSucceeded(state, r, ctx, now);
      case StepFailed r -> onFailed(state, r, ctx, now);
    };
  }

  /** Ends an execution that cannot go on (its workflow is gone); finished ones stay as they are. */
  public Transition abandon(ExecutionState state, StepError error, Instant now) {
    if (state.status().isFinished()) {
      return Transition.unchanged(state);
    }
    Run run = new Run(state, null, now);
    run.fail(error);
    return run.transition();
  }

  private Transition start(ExecutionState state, StartExecution command, WorkflowContext ctx, Instant now) {
    if (state.status() != ExecutionStatus.PENDING) {
      return Transition.unchanged(state);
    }
    Run run = new Run(state.withStatus(ExecutionStatus.RUNNING, now), ctx, now);
    run.emit("workflow_start", null, data("input", state.input()));
    run.emit("workflow_status", null, data("status", ExecutionStatus.RUNNING.wireName()));
    WorkflowDef wf = ctx.workflow();
    String first = command.taskId() != null ? command.taskId() : (wf.tasks().isEmpty() ? null : wf.tasks().getFirst().id());
    if (first == null) {
      run.finish(null);
    } else if (wf.task(first).isEmpty()) {
      run.fail(new StepError("task_not_found", "start task '" + first + "' is not a task of workflow '" + wf.id() + "'"));
    } else {
      run.runFrom(first);
    }
    return run.transition();
  }

  private Transition onSucceeded(ExecutionState state, StepSucceeded result, WorkflowContext ctx, Instant now) {
    TaskState task = awaited(state, result.taskId(), result.attempt());
    if (task == null) {
      return Transition.unchanged(state);
    }
    Run run = new Run(state, ctx, now);
    TaskDef def = ctx.workflow().task(result.taskId()).orElse(null);
    if (def == null) {
      run.fail(new StepError("task_not_found", "task '" + result.taskId() + "' is no longer in workflow '" + ctx.workflow().id() + "'"));
      return run.transition();
    }
    Object output = result.output();
    if (def.outputs() != null) {
      try {
        Map<String, Object> scope = Scope.forTask(Scope.of(state, ctx), def, task.input(), result.output());
        output = expressions.render(def.outputs(), scope, "task '" + def.id() + "' outputs");
      } catch (Expressions.Failure f) {
        run.taskFailed(def, task, f.error);
        return run.transition();
      }
    }
    run.taskSucceeded(def, task.succeeded(output, now), null);
    return run.transition();
  }

  private Transition onFailed(ExecutionState state, StepFailed result, WorkflowContext ctx, Instant now) {
    TaskState task = awaited(state, result.taskId(), result.attempt());
    if (task == null) {
      return Transition.unchanged(state);
    }
    Run run = new Run(state, ctx, now);
    TaskDef def = ctx.workflow().task(result.taskId()).orElse(null);
    if (def == null) {
      run.fail(result.error());
    } else {
      run.taskFailed(def, task, result.error());
    }
    return run.transition();
  }

  /** The running task a result is for, or null when the result no longer applies. */
  private static @Nullable TaskState awaited(ExecutionState state, String taskId, int attempt) {
    if (state.status() != ExecutionStatus.RUNNING) {
      return null;
    }
    TaskState task = state.tasks().get(taskId);
    return task != null && task.isRunning() && task.attempt() == attempt ? task : null;
  }

  private TaskBehavior behavior(TaskDef def) {
    return switch (def) {
      case BasicTask b -> basic;
      case RouterTask r -> router;
      case AggregateTask a -> aggregate;
    };
  }

  private static Map<String, Object> data(Object... keyValues) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      if (keyValues[i + 1] != null) {
        out.put((String) keyValues[i], keyValues[i + 1]);
      }
    }
    return out;
  }

  /** One decision in progress: the evolving state and the effects collected so far. */
  private final class Run {
    private ExecutionState state;
    private final @Nullable WorkflowContext ctx;
    private final Instant now;
    private final List<Effect> effects = new ArrayList<>();

    Run(ExecutionState state, WorkflowContext ctx, Instant now) {
      this.state = state;
      this.ctx = ctx;
      this.now = now;
    }

    Transition transition() {
      return new Transition(state, effects);
    }

    void emit(String type, @Nullable String taskId, Map<String, Object> data) {
      long seq = state.eventSeq() + 1;
      state = state.withEventSeq(seq);
      effects.add(new Effect.EmitEvent(new ExecutionEvent(
          "evt:" + state.execId() + ":" + seq, state.execId(), state.workflowId(), type,
          state.status().wireName(), taskId, data, now)));
    }

    /** Enters tasks from {@code taskId} on until one waits for a worker or the workflow ends. */
    void runFrom(String taskId) {
      String next = taskId;
      for (int entered = 0; next != null; entered++) {
        if (entered == MAX_TASKS_PER_DECISION) {
          fail(new StepError("loop_limit", "more than " + MAX_TASKS_PER_DECISION + " tasks ran without any work; is there a loop of routers or aggregates?"));
          return;
        }
        String id = next;
        TaskDef def = ctx.workflow().task(id).orElse(null);
        if (def == null) {
          fail(new StepError("task_not_found", "task '" + id + "' is not a task of workflow '" + ctx.workflow().id() + "'"));
          return;
        }
        TaskState previous = state.tasks().get(id);
        int attempt = previous == null ? 1 : previous.attempt() + 1;
        Entry entry;
        try {
          entry = behavior(def).enter(def, state, ctx, Scope.forTask(Scope.of(state, ctx), def, null, null), attempt, now);
        } catch (Expressions.Failure f) {
          entry = new Entry.Failed(null, f.error);
        }
        next = switch (entry) {
          case Entry.Completed c -> taskSucceededThenNext(def, TaskState.running(id, c.input(), attempt, now).succeeded(c.output(), now), c.next());
          case Entry.Dispatched d -> {
            TaskState running = TaskState.running(id, d.input(), attempt, now);
            state = state.withTask(running, now);
            emit("task_status", id, data("status", running.status().wireName(), "attempt", attempt));
            effects.add(d.step());
            yield null;
          }
          case Entry.Failed f -> taskFailedThenNext(def, TaskState.running(id, f.input(), attempt, now), f.error());
        };
      }
    }

    void taskSucceeded(TaskDef def, TaskState done, @Nullable String override) {
      String next = taskSucceededThenNext(def, done, override);
      if (next != null) {
        runFrom(next);
      }
    }

    void taskFailed(TaskDef def, TaskState task, StepError error) {
      String next = taskFailedThenNext(def, task, error);
      if (next != null) {
        runFrom(next);
      }
    }

    /** Records a success and returns the task to run next, or null (after finishing if it ended). */
    private @Nullable String taskSucceededThenNext(TaskDef def, TaskState done, @Nullable String override) {
      state = state.withTask(done, now);
      emit("task_status", def.id(), data("status", done.status().wireName(), "output", done.output()));
      String next = successor(def, override);
      if (next == null) {
        finish(done.output());
      }
      return next;
    }

    private @Nullable String taskFailedThenNext(TaskDef def, TaskState task, StepError error) {
      TaskState failed = task.failed(error, now);
      state = state.withTask(failed, now);
      emit("task_status", def.id(), data("status", failed.status().wireName(), "error", error));
      String next = def.onError() == null ? null : def.onError().next();
      if (next == null) {
        fail(new StepError(error.type(), "task '" + def.id() + "' failed: " + error.message()));
      }
      return next;
    }

    private @Nullable String successor(TaskDef def, @Nullable String override) {
      if (override != null) {
        return override;
      }
      if (def.onSuccess() != null && def.onSuccess().next() != null) {
        return def.onSuccess().next();
      }
      if (def.endsWorkflow()) {
        return null;
      }
      List<TaskDef> tasks = ctx.workflow().tasks();
      int i = ctx.workflow().indexOf(def.id());
      return i + 1 < tasks.size() ? tasks.get(i + 1).id() : null;
    }

    void finish(@Nullable Object lastOutput) {
      Object output = lastOutput;
      if (ctx.workflow().outputs() != null) {
        try {
          output = expressions.render(ctx.workflow().outputs(), Scope.of(state, ctx), "workflow outputs");
        } catch (Expressions.Failure f) {
          fail(f.error);
          return;
        }
      }
      state = state.finished(ExecutionStatus.SUCCESS, output, null, now);
      emit("workflow_status", null, data("status", ExecutionStatus.SUCCESS.wireName()));
      emit("complete", null, data("status", ExecutionStatus.SUCCESS.wireName(), "output", output));
    }

    void fail(StepError error) {
      state = state.finished(ExecutionStatus.FAILED, null, error, now);
      emit("workflow_status", null, data("status", ExecutionStatus.FAILED.wireName()));
      emit("error", null, data("status", ExecutionStatus.FAILED.wireName(), "error", error));
    }
  }
}
