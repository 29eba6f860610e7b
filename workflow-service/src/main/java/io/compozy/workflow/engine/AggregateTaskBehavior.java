package io.compozy.workflow.engine;

import io.compozy.contracts.dsl.TaskDef;
import io.compozy.contracts.execution.TaskStatus;
import java.util.Map;

/** An aggregate does no work: its output is its rendered {@code outputs}. */
final class AggregateTaskBehavior implements TaskBehavior {
  @Override
  public void enter(DecisionRun run, TaskDef def, TaskState self) {
    Object input =
        run.expressions.render(def.with(), run.scope(self), "task '" + def.id() + "' with");
    run.put(run.task(self.path()).withInput(input));
    Object output =
        run.expressions.render(
            def.outputs() == null ? Map.of() : def.outputs(),
            run.scope(run.task(self.path())),
            "task '" + def.id() + "' outputs");
    run.complete(self.path(), TaskStatus.SUCCESS, output, null);
  }
}
