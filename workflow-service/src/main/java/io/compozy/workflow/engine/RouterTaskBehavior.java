package io.compozy.workflow.engine;

import io.compozy.contracts.dsl.RouterTask;
import io.compozy.contracts.dsl.TaskDef;
import io.compozy.contracts.message.StepError;
import java.util.Map;

/**
 * A router evaluates its CEL condition to a route name and goes to that route's task, or to
 * {@code default}; its output is {@code {route_taken}}.
 */
final class RouterTaskBehavior implements TaskBehavior {
  @Override
  public void enter(DecisionRun run, TaskDef def, TaskState self) {
    RouterTask task = (RouterTask) def;
    Object value = run.expressions.evaluate(task.condition(), run.scope(self), "router '" + task.id() + "' condition");
    String route = String.valueOf(value);
    String target = task.routes().get(route);
    if (target == null) {
      target = task.defaultRoute();
    }
    if (target == null) {
      run.complete(self.path(), TaskStatus.FAILED, null, new StepError("no_route",
          "router '" + task.id() + "': condition gave '" + route + "', which matches no route " + task.routes().keySet() + " and there is no default"));
      return;
    }
    run.put(run.task(self.path()).withNext(target));
    run.complete(self.path(), TaskStatus.SUCCESS, Map.of("route_taken", route), null);
  }
}
