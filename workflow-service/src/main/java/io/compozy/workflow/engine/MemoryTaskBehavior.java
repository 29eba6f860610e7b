package io.compozy.workflow.engine;

import io.compozy.contracts.dsl.Durations;
import io.compozy.contracts.dsl.MemoryDef;
import io.compozy.contracts.dsl.MemoryTask;
import io.compozy.contracts.dsl.TaskConfig;
import io.compozy.contracts.dsl.TaskDef;
import io.compozy.contracts.execution.TaskStatus;
import io.compozy.contracts.message.MemoryStep;
import io.compozy.contracts.message.StepError;
import io.compozy.contracts.message.TimerKind;
import io.compozy.contracts.topic.Topics;
import java.time.Duration;

/**
 * A memory task: its operation on a memory instance runs on the memory worker. The instance key
 * ({@code key_template}, else the memory's {@code default_key_template}) and the payload are
 * rendered here; the result is the operation's output.
 */
final class MemoryTaskBehavior implements TaskBehavior {
  @Override
  public void enter(DecisionRun run, TaskDef def, TaskState self) {
    TaskConfig config = run.config(def);
    run.setTimer(
        TimerKind.DEADLINE,
        self.path(),
        self.firstAttempt(),
        Durations.parse(config.scheduleToCloseTimeout()));
    dispatch(run, (MemoryTask) def, self);
  }

  static void dispatch(DecisionRun run, MemoryTask task, TaskState t) {
    MemoryDef memory = run.ctx.memory(task.memoryRef()).orElse(null);
    if (memory == null) {
      run.complete(
          t.path(),
          TaskStatus.FAILED,
          null,
          new StepError(
              "memory_not_found",
              "task '" + task.id() + "': memory '" + task.memoryRef() + "' is not defined"));
      return;
    }
    String keyTemplate =
        task.keyTemplate() != null ? task.keyTemplate() : memory.defaultKeyTemplate();
    if (keyTemplate == null) {
      run.complete(
          t.path(),
          TaskStatus.FAILED,
          null,
          new StepError(
              "invalid_task",
              "task '"
                  + task.id()
                  + "': set `key_template` (memory '"
                  + memory.id()
                  + "' has no default_key_template)"));
      return;
    }
    String where = "task '" + task.id() + "'";
    String key =
        String.valueOf(run.expressions.render(keyTemplate, run.scope(t), where + " key_template"));
    Object payload = run.expressions.render(task.payload(), run.scope(t), where + " payload");
    String stepId = run.state().execId() + "/" + t.path() + "/" + t.attempt();
    Duration startToClose = Durations.parse(run.config(task).startToCloseTimeout());
    MemoryStep step =
        new MemoryStep(
            "step:" + stepId,
            run.state().execId(),
            run.state().workflowId(),
            t.path(),
            stepId,
            t.attempt(),
            memory,
            key,
            task.operation(),
            payload,
            run.now.plus(startToClose));
    run.put(run.task(t.path()).withInput(payload));
    run.effect(
        new Effect.DispatchStep(Topics.STEPS_MEMORY, run.state().execId(), step.messageId(), step));
    run.setTimer(TimerKind.STEP_TIMEOUT, t.path(), t.attempt(), startToClose);
  }
}
