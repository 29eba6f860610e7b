package io.compozy.workflow.engine;

import io.compozy.contracts.dsl.BasicTask;
import io.compozy.contracts.dsl.Durations;
import io.compozy.contracts.dsl.MemoryTask;
import io.compozy.contracts.dsl.RetryPolicy;
import io.compozy.contracts.dsl.TaskConfig;
import io.compozy.contracts.dsl.TaskDef;
import io.compozy.contracts.dsl.ToolDef;
import io.compozy.contracts.execution.EventType;
import io.compozy.contracts.execution.TaskStatus;
import io.compozy.contracts.message.StepError;
import io.compozy.contracts.message.TimerKind;
import io.compozy.contracts.message.ToolStep;
import io.compozy.contracts.schema.Violation;
import io.compozy.contracts.topic.Topics;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A basic task runs a tool or an agent on a worker ({@link AgentCall} resolves agents). Each
 * attempt has a {@code start_to_close_timeout}; a retryable failure is tried again after the retry
 * policy's backoff, through a durable timer, until {@code maximum_attempts}; the whole task has a
 * {@code schedule_to_close_timeout}.
 */
final class BasicTaskBehavior implements TaskBehavior {
  @Override
  public void enter(DecisionRun run, TaskDef def, TaskState self) {
    BasicTask task = (BasicTask) def;
    if (task.tool() == null) {
      TaskConfig config = run.config(def);
      run.setTimer(
          TimerKind.DEADLINE,
          self.path(),
          self.firstAttempt(),
          Durations.parse(config.scheduleToCloseTimeout()));
      dispatchAgent(run, task, self, config);
      return;
    }
    ToolDef tool = run.ctx.tool(task.tool()).orElse(null);
    if (tool == null) {
      run.complete(
          self.path(),
          TaskStatus.FAILED,
          null,
          new StepError(
              "tool_not_found",
              "task '" + task.id() + "': tool '" + task.tool() + "' is not defined"));
      return;
    }
    Object input = renderInput(run, task, tool, self);
    run.put(run.task(self.path()).withInput(input));
    if (tool.input() != null) {
      List<Violation> violations = run.expressions.schemas.validate(tool.input(), input, "");
      if (!violations.isEmpty()) {
        run.complete(
            self.path(),
            TaskStatus.FAILED,
            null,
            new StepError(
                "invalid_tool_input",
                "task '"
                    + task.id()
                    + "': input for tool '"
                    + tool.id()
                    + "' is invalid: "
                    + violations));
        return;
      }
    }
    TaskConfig config = run.config(def);
    run.setTimer(
        TimerKind.DEADLINE,
        self.path(),
        self.firstAttempt(),
        Durations.parse(config.scheduleToCloseTimeout()));
    dispatch(run, task, tool, run.task(self.path()), config);
  }

  @SuppressWarnings("unchecked")
  private static Object renderInput(DecisionRun run, BasicTask task, ToolDef tool, TaskState self) {
    Map<String, Object> with = new LinkedHashMap<>();
    if (tool.with() != null) {
      with.putAll(tool.with());
    }
    if (task.with() != null) {
      with.putAll(task.with());
    }
    Map<String, Object> rendered =
        new LinkedHashMap<>(
            (Map<String, Object>)
                run.expressions.render(with, run.scope(self), "task '" + task.id() + "' with"));
    if (self.vars().get(Scope.WITH_OVERRIDE) instanceof Map<?, ?> extra) {
      rendered.putAll((Map<String, Object>) extra);
    }
    return rendered;
  }

  @SuppressWarnings("unchecked")
  private static void dispatch(
      DecisionRun run, BasicTask task, ToolDef tool, TaskState t, TaskConfig config) {
    String stepId = run.state().execId() + "/" + t.path() + "/" + t.attempt();
    Duration startToClose = Durations.parse(config.startToCloseTimeout());
    ToolStep step =
        new ToolStep(
            "step:" + stepId,
            run.state().execId(),
            run.state().workflowId(),
            t.path(),
            stepId,
            t.attempt(),
            tool.id(),
            (Map<String, Object>) t.input(),
            tool.config() == null ? Map.of() : tool.config(),
            run.ctx.runtime(),
            run.now.plus(startToClose),
            tool);
    run.effect(
        new Effect.DispatchStep(Topics.STEPS_TOOL, run.state().execId(), step.messageId(), step));
    run.setTimer(TimerKind.STEP_TIMEOUT, t.path(), t.attempt(), startToClose);
  }

  private static void dispatchAgent(
      DecisionRun run, BasicTask task, TaskState t, TaskConfig config) {
    String stepId = run.state().execId() + "/" + t.path() + "/" + t.attempt();
    Duration startToClose = Durations.parse(config.startToCloseTimeout());
    switch (AgentCall.plan(run, task, t, stepId, run.now.plus(startToClose))) {
      case AgentCall.Refused r -> run.complete(t.path(), TaskStatus.FAILED, null, r.error());
      case AgentCall.Ready ready -> {
        run.put(run.task(t.path()).withInput(ready.step().input()));
        run.effect(
            new Effect.DispatchStep(
                Topics.STEPS_AGENT, run.state().execId(), ready.step().messageId(), ready.step()));
        run.setTimer(TimerKind.STEP_TIMEOUT, t.path(), t.attempt(), startToClose);
      }
    }
  }

  /** A retry's backoff ended: the next attempt goes out with the same input. */
  void retry(DecisionRun run, TaskState t) {
    if (run.def(t) instanceof MemoryTask memory) {
      TaskState next = t.withAttempt(t.attempt() + 1).with(TaskStatus.RUNNING, run.now);
      run.put(next);
      run.emit(
          EventType.TASK_STATUS,
          t.path(),
          DecisionRun.data("status", TaskStatus.RUNNING.wireName(), "attempt", next.attempt()));
      MemoryTaskBehavior.dispatch(run, memory, next);
      return;
    }
    BasicTask task = (BasicTask) run.def(t);
    if (task.tool() == null) {
      TaskState next = t.withAttempt(t.attempt() + 1).with(TaskStatus.RUNNING, run.now);
      run.put(next);
      run.emit(
          EventType.TASK_STATUS,
          t.path(),
          DecisionRun.data("status", TaskStatus.RUNNING.wireName(), "attempt", next.attempt()));
      dispatchAgent(run, task, next, run.config(task));
      return;
    }
    ToolDef tool = run.ctx.tool(task.tool()).orElse(null);
    if (tool == null) {
      run.complete(
          t.path(),
          TaskStatus.FAILED,
          null,
          new StepError("tool_not_found", "tool '" + task.tool() + "' is no longer defined"));
      return;
    }
    TaskState next = t.withAttempt(t.attempt() + 1).with(TaskStatus.RUNNING, run.now);
    run.put(next);
    run.emit(
        EventType.TASK_STATUS,
        t.path(),
        DecisionRun.data("status", TaskStatus.RUNNING.wireName(), "attempt", next.attempt()));
    dispatch(run, task, tool, next, run.config(task));
  }

  void succeeded(
      DecisionRun run,
      TaskState t,
      @Nullable Object result,
      @Nullable Object usage,
      @Nullable Object knowledge) {
    if (usage != null) {
      t = t.withUsage(usage);
      run.put(t);
    }
    if (knowledge != null) {
      run.put(t.withKnowledge(knowledge));
    }
    TaskDef def = run.def(t);
    Object output = result;
    if (def.outputs() != null) {
      output =
          run.expressions.render(
              def.outputs(),
              Scope.forTask(run.state(), run.ctx, t, result),
              "task '" + def.id() + "' outputs");
    }
    run.complete(t.path(), TaskStatus.SUCCESS, output, null, usage);
  }

  /**
   * A failed attempt: tried again after the backoff when the policy allows, else the task fails.
   */
  void failed(DecisionRun run, TaskState t, StepError error, boolean retryable) {
    run.cancelTimer(run.timerId(TimerKind.STEP_TIMEOUT, t.path(), t.attempt()));
    RetryPolicy policy = run.config(run.def(t)).retryPolicy();
    List<String> terminal =
        policy.nonRetryableErrorTypes() == null ? List.of() : policy.nonRetryableErrorTypes();
    if (retryable && !terminal.contains(error.type()) && t.tries() < policy.maximumAttempts()) {
      Duration wait =
          Backoff.after(
              policy, t.tries(), run.state().execId() + "/" + t.path() + "/" + t.attempt());
      run.put(t.with(TaskStatus.WAITING, run.now).withError(error));
      run.emit(
          EventType.TASK_STATUS,
          t.path(),
          DecisionRun.data(
              "status",
              TaskStatus.WAITING.wireName(),
              "attempt",
              t.attempt(),
              "error",
              error,
              "retry_in_ms",
              wait.toMillis()));
      run.setTimer(TimerKind.RETRY, t.path(), t.attempt(), wait);
    } else {
      run.complete(t.path(), TaskStatus.FAILED, null, error);
    }
  }
}
