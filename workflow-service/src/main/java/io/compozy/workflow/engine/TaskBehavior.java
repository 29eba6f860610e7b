package io.compozy.workflow.engine;

import io.compozy.contracts.dsl.TaskDef;
import java.time.Instant;
import java.util.Map;

/** How one task type starts. One class per type; the decider only dispatches to them. */
sealed interface TaskBehavior permits BasicTaskBehavior, RouterTaskBehavior, AggregateTaskBehavior {
  Entry enter(TaskDef task, ExecutionState state, WorkflowContext ctx, Map<String, Object> scope, int attempt, Instant now);
}
