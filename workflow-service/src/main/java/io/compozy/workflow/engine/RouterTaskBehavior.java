package io.compozy.workflow.engine;

import io.compozy.contracts.dsl.RouterTask;
import io.compozy.contracts.dsl.TaskDef;
import io.compozy.contracts.message.StepError;
import java.time.Instant;
import java.util.Map;

/**
 * A router evaluates its CEL condition to a route name and goes to that route's task, or to
 * {@code default}; its output is {@code {route_taken}}.
 */
final class RouterTaskBehavior implements TaskBehavior {
  private final Expressions expressions;

  RouterTaskBehavior(Expressions expressions) {
    this.expressions = expressions;
  }

  @Override
  public Entry enter(TaskDef def, ExecutionState state, WorkflowContext ctx, Map<String, Object> scope, int attempt, Instant now) {
    RouterTask task = (RouterTask) def;
    Object value = expressions.evaluate(task.condition(), scope, "router '" + task.id() + "' condition");
    String route = String.valueOf(value);
    String target = task.routes().get(route);
    if (target == null) {
      target = task.defaultRoute();
    }
    if (target == null) {
      return new Entry.Failed(null, new StepError("no_route",
          "router '" + task.id() + "': condition gave '" + route + "', which matches no route " + task.routes().keySet() + " and there is no default"));
    }
    return new Entry.Completed(null, Map.of("route_taken", route), target);
  }
}
