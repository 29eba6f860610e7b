package io.compozy.workflow.engine;

import io.compozy.contracts.dsl.TaskDef;
import io.compozy.contracts.message.StepError;

/** Memory tasks run on the memory worker, which is not built yet: they fail with a clear error. */
final class MemoryTaskBehavior implements TaskBehavior {
  @Override
  public void enter(DecisionRun run, TaskDef def, TaskState self) {
    run.complete(self.path(), TaskStatus.FAILED, null, new StepError("not_supported",
        "task '" + def.id() + "': memory tasks need the memory worker, which this version does not have yet"));
  }
}
