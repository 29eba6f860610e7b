package io.compozy.workflow.engine;

import io.compozy.contracts.dsl.TaskDef;

/** How one task type runs. One class per type; the decision run only dispatches to them. */
sealed interface TaskBehavior
    permits BasicTaskBehavior,
        RouterTaskBehavior,
        AggregateTaskBehavior,
        FanoutTaskBehavior,
        WaitTaskBehavior,
        SignalTaskBehavior,
        MemoryTaskBehavior {
  /** Starts the task; {@code self} is already recorded as running. */
  void enter(DecisionRun run, TaskDef def, TaskState self);

  /** A child of this container finished (containers only). */
  default void onChildDone(DecisionRun run, TaskDef def, TaskState self, TaskState child) {}
}
