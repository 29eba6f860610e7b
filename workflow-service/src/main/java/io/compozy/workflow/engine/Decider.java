package io.compozy.workflow.engine;

import io.compozy.contracts.dsl.WorkflowDef;
import io.compozy.contracts.execution.EventType;
import io.compozy.contracts.execution.ExecutionStatus;
import io.compozy.contracts.execution.TaskStatus;
import io.compozy.contracts.message.CancelExecution;
import io.compozy.contracts.message.EngineMessage;
import io.compozy.contracts.message.PauseExecution;
import io.compozy.contracts.message.ResumeExecution;
import io.compozy.contracts.message.SignalExecution;
import io.compozy.contracts.message.StartExecution;
import io.compozy.contracts.message.StepError;
import io.compozy.contracts.message.StepFailed;
import io.compozy.contracts.message.StepResult;
import io.compozy.contracts.message.StepSucceeded;
import io.compozy.contracts.message.TimerFired;
import io.compozy.contracts.message.TimerKind;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The orchestrator's decision: given an execution's state and one input (a command, a step result
 * or a timer), the next state and the effects. Pure and thread-safe; an input that no longer
 * applies (a duplicate start, a result for a step that is not running, a timer already canceled)
 * leaves the state unchanged.
 */
public final class Decider {
  private final Expressions expressions = new Expressions();
  private final Behaviors behaviors = new Behaviors();

  public Transition decide(
      ExecutionState state, EngineMessage input, WorkflowContext ctx, Instant now) {
    if (state.status().isFinished()) {
      return Transition.unchanged(state);
    }
    DecisionRun run = new DecisionRun(state, ctx, now, expressions, behaviors);
    boolean applied =
        switch (input) {
          case StartExecution c -> start(run, c);
          case StepSucceeded r -> onSucceeded(run, r);
          case StepFailed r -> onFailed(run, r);
          case TimerFired t -> onTimer(run, t);
          case CancelExecution c -> cancel(run, c);
          case PauseExecution p -> pause(run);
          case ResumeExecution r -> resume(run);
          case SignalExecution s -> signal(run, s);
        };
    return applied ? run.transition() : Transition.unchanged(state);
  }

  /** Ends an execution that cannot go on (its workflow is gone); finished ones stay as they are. */
  public Transition abandon(ExecutionState state, StepError error, Instant now) {
    if (state.status().isFinished()) {
      return Transition.unchanged(state);
    }
    WorkflowDef none = new WorkflowDef(state.workflowId(), null, null, null, null, List.of(), null);
    DecisionRun run =
        new DecisionRun(state, new WorkflowContext(none, null), now, expressions, behaviors);
    run.failExecution(error);
    return run.transition();
  }

  private boolean start(DecisionRun run, StartExecution command) {
    if (run.state().status() != ExecutionStatus.PENDING) {
      return false;
    }
    run.setStatus(ExecutionStatus.RUNNING);
    run.emit(EventType.WORKFLOW_START, null, DecisionRun.data("input", run.state().input()));
    run.emit(
        EventType.WORKFLOW_STATUS,
        null,
        DecisionRun.data("status", ExecutionStatus.RUNNING.wireName()));
    WorkflowDef wf = run.ctx.workflow();
    String first =
        command.taskId() != null
            ? command.taskId()
            : wf.tasks().isEmpty() ? null : wf.tasks().getFirst().id();
    if (first == null) {
      run.finish(null);
    } else if (wf.task(first).isEmpty()) {
      run.failExecution(
          new StepError(
              "task_not_found",
              "start task '" + first + "' is not a task of workflow '" + wf.id() + "'"));
    } else {
      run.later(() -> run.enterTop(first, null));
    }
    return true;
  }

  private boolean onSucceeded(DecisionRun run, StepSucceeded result) {
    TaskState t = awaited(run, result);
    if (t == null) {
      return false;
    }
    run.cancelTimer(run.timerId(TimerKind.STEP_TIMEOUT, t.path(), t.attempt()));
    guarded(
        run,
        t,
        () ->
            behaviors.basic.succeeded(run, t, result.output(), result.usage(), result.knowledge()));
    return true;
  }

  private boolean onFailed(DecisionRun run, StepFailed result) {
    TaskState t = awaited(run, result);
    if (t == null) {
      return false;
    }
    guarded(run, t, () -> behaviors.basic.failed(run, t, result.error(), result.retryable()));
    return true;
  }

  /** The running task a result is for, or null when the result no longer applies. */
  private static @Nullable TaskState awaited(DecisionRun run, StepResult result) {
    TaskState t = run.task(result.taskId());
    return t != null && t.status() == TaskStatus.RUNNING && t.attempt() == result.attempt()
        ? t
        : null;
  }

  private boolean onTimer(DecisionRun run, TimerFired timer) {
    if (!run.takeTimer(timer.timerId())) {
      return false;
    }
    TaskState t = run.task(timer.path());
    if (t == null) {
      return true;
    }
    switch (timer.kind()) {
      case RETRY -> {
        if (t.status() == TaskStatus.WAITING && t.attempt() == timer.attempt()) {
          if (run.state().status() == ExecutionStatus.PAUSED) {
            run.setDeferred(
                ExecutionState.plus(
                    run.state().deferred(), new DeferredWork(DeferredWork.Kind.RETRY, t.path())));
          } else {
            guarded(run, t, () -> behaviors.basic.retry(run, t));
          }
        }
      }
      case STEP_TIMEOUT -> {
        if (t.status() == TaskStatus.RUNNING && t.attempt() == timer.attempt()) {
          guarded(
              run,
              t,
              () ->
                  behaviors.basic.failed(
                      run,
                      t,
                      StepError.timeout(
                          "attempt "
                              + t.attempt()
                              + " of '"
                              + t.path()
                              + "' ran past its start_to_close_timeout"),
                      true));
        }
      }
      case DEADLINE -> {
        if (t.status().isActive()) {
          run.complete(
              t.path(),
              TaskStatus.FAILED,
              null,
              StepError.timeout("'" + t.path() + "' ran past its schedule_to_close_timeout"));
        }
      }
      case CONTAINER_TIMEOUT -> {
        if (t.status() == TaskStatus.RUNNING) {
          run.cancelSubtree(t.path());
          run.complete(
              t.path(),
              TaskStatus.FAILED,
              null,
              StepError.timeout("'" + t.path() + "' ran past its timeout"));
        }
      }
      case WAIT_TIMEOUT -> {
        if (t.status() == TaskStatus.WAITING
            || t.status() == TaskStatus.RUNNING) { // running: its processor is at work
          behaviors.wait.timedOut(run, t);
        }
      }
      case SLEEP -> {
        if (t.status() == TaskStatus.SUCCESS) {
          if (run.state().status() == ExecutionStatus.PAUSED) {
            run.setDeferred(
                ExecutionState.plus(
                    run.state().deferred(), new DeferredWork(DeferredWork.Kind.ADVANCE, t.path())));
          } else {
            run.advance(t);
          }
        }
      }
    }
    return true;
  }

  private boolean cancel(DecisionRun run, CancelExecution command) {
    run.cancelExecution(command.reason());
    return true;
  }

  private boolean pause(DecisionRun run) {
    ExecutionStatus s = run.state().status();
    if (s != ExecutionStatus.RUNNING && s != ExecutionStatus.WAITING) {
      return false;
    }
    run.setStatus(ExecutionStatus.PAUSED);
    run.emit(
        EventType.WORKFLOW_STATUS,
        null,
        DecisionRun.data("status", ExecutionStatus.PAUSED.wireName()));
    return true;
  }

  private boolean resume(DecisionRun run) {
    if (run.state().status() != ExecutionStatus.PAUSED) {
      return false;
    }
    run.setStatus(ExecutionStatus.RUNNING);
    run.emit(
        EventType.WORKFLOW_STATUS,
        null,
        DecisionRun.data("status", ExecutionStatus.RUNNING.wireName()));
    List<DeferredWork> deferred = run.state().deferred();
    run.setDeferred(List.of());
    for (DeferredWork work : deferred) {
      String path = work.path();
      if (run.task(path) == null) {
        continue;
      }
      switch (work.kind()) {
        case PROPAGATE -> run.later(() -> run.propagate(path));
        case RETRY ->
            run.later(
                () ->
                    guarded(run, run.task(path), () -> behaviors.basic.retry(run, run.task(path))));
        case ADVANCE -> run.later(() -> run.advance(run.task(path)));
      }
    }
    return true;
  }

  private boolean signal(DecisionRun run, SignalExecution s) {
    ExecutionState.ReceivedSignal signal =
        new ExecutionState.ReceivedSignal(s.name(), s.payload(), s.sentAt());
    if (!behaviors.wait.offer(run, signal)) {
      run.setSignals(ExecutionState.plus(run.state().signals(), signal));
      run.emit(EventType.SIGNAL_BUFFERED, null, DecisionRun.data("signal_name", s.name()));
    }
    return true;
  }

  /** Runs a behavior step; an expression failure fails the task rather than the decision. */
  private static void guarded(DecisionRun run, TaskState t, Runnable step) {
    try {
      step.run();
    } catch (Expressions.Failure f) {
      run.complete(t.path(), TaskStatus.FAILED, null, f.error);
    }
  }
}
