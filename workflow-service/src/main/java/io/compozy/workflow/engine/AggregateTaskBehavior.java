package io.compozy.workflow.engine;

import io.compozy.contracts.dsl.TaskDef;
import java.time.Instant;
import java.util.Map;

/** An aggregate does no work: its output is its rendered {@code outputs}. */
final class AggregateTaskBehavior implements TaskBehavior {
  private final Expressions expressions;

  AggregateTaskBehavior(Expressions expressions) {
    this.expressions = expressions;
  }

  @Override
  public Entry enter(TaskDef task, ExecutionState state, WorkflowContext ctx, Map<String, Object> scope, int attempt, Instant now) {
    Object input = expressions.render(task.with(), scope, "task '" + task.id() + "' with");
    Object output = expressions.render(task.outputs() == null ? Map.of() : task.outputs(), scope, "task '" + task.id() + "' outputs");
    return new Entry.Completed(input, output, null);
  }
}
