package io.compozy.workflow.engine;

import io.compozy.contracts.dsl.RouterTask;
import io.compozy.contracts.dsl.TaskDef;
import io.compozy.contracts.execution.TaskStatus;
import io.compozy.contracts.message.StepError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A router evaluates its CEL condition to a route name and goes to that route's task, or to {@code
 * default}; its output is {@code {route_taken}}. A route written in place runs as the router's
 * child; the router ends with it ({@code {route_taken, output}}) and the flow goes on after the
 * router.
 */
final class RouterTaskBehavior implements TaskBehavior {
  @Override
  public void enter(DecisionRun run, TaskDef def, TaskState self) {
    RouterTask task = (RouterTask) def;
    Object value =
        run.expressions.evaluate(
            task.condition(), run.scope(self), "router '" + task.id() + "' condition");
    String route = String.valueOf(value);
    TaskDef inline = task.inlineRoute(route);
    if (inline != null) {
      String child = self.path() + "/" + inline.id();
      run.put(run.task(self.path()).withChildren(List.of(child)));
      run.enter(inline, child, self.path(), Map.of());
      return;
    }
    String target =
        task.routes().containsKey(route) ? task.routeTarget(route) : task.defaultRoute();
    if (target == null) {
      run.complete(
          self.path(),
          TaskStatus.FAILED,
          null,
          new StepError(
              "no_route",
              "router '"
                  + task.id()
                  + "': condition gave '"
                  + route
                  + "', which matches no route "
                  + task.routes().keySet()
                  + " and there is no default"));
      return;
    }
    run.put(run.task(self.path()).withNext(target));
    run.complete(self.path(), TaskStatus.SUCCESS, Map.of("route_taken", route), null);
  }

  @Override
  public void onChildDone(DecisionRun run, TaskDef def, TaskState self, TaskState child) {
    RouterTask task = (RouterTask) def;
    String route =
        task.routes().keySet().stream()
            .filter(r -> task.inlineRoute(r) instanceof TaskDef t && t.id().equals(child.taskId()))
            .findFirst()
            .orElse(child.taskId());
    if (child.status() == TaskStatus.SUCCESS || child.status() == TaskStatus.SKIPPED) {
      Map<String, Object> output = new LinkedHashMap<>();
      output.put("route_taken", route);
      output.put("output", child.output());
      run.complete(self.path(), TaskStatus.SUCCESS, output, null);
    } else {
      StepError e = child.error();
      run.complete(
          self.path(),
          TaskStatus.FAILED,
          null,
          new StepError(
              e == null ? "task_failed" : e.type(),
              "route '"
                  + route
                  + "' ('"
                  + child.path()
                  + "') failed: "
                  + (e == null ? child.status().wireName() : e.message())));
    }
  }
}
