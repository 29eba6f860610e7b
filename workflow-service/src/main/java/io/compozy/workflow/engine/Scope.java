package io.compozy.workflow.engine;

import io.compozy.contracts.dsl.TaskDef;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The variables templates and conditions see (DSL.md, Templates): {@code workflow}, {@code
 * tasks}, and for the current task {@code task}, {@code input}, {@code with}, {@code output}. A
 * declared task that has not run is present and null, so {@code default} applies to it.
 */
final class Scope {
  private Scope() {}

  static Map<String, Object> of(ExecutionState s, WorkflowContext ctx) {
    Map<String, @Nullable Object> workflow = new LinkedHashMap<>();
    workflow.put("id", s.workflowId());
    workflow.put("exec_id", s.execId());
    workflow.put("input", s.input());
    workflow.put("status", s.status().wireName());
    workflow.put("output", s.output());
    Map<String, @Nullable Object> tasks = new HashMap<>();
    for (TaskDef t : ctx.workflow().tasks()) {
      tasks.put(t.id(), null);
    }
    s.tasks().forEach((id, t) -> tasks.put(id, taskView(t)));
    Map<String, Object> vars = new HashMap<>();
    vars.put("workflow", workflow);
    vars.put("tasks", tasks);
    vars.put("env", ctx.workflow().config() != null && ctx.workflow().config().env() != null ? ctx.workflow().config().env() : Map.of());
    return vars;
  }

  static Map<String, Object> forTask(Map<String, Object> base, TaskDef task, @Nullable Object input, @Nullable Object output) {
    Map<String, Object> vars = new HashMap<>(base);
    Map<String, @Nullable Object> self = new LinkedHashMap<>();
    self.put("id", task.id());
    self.put("input", input);
    self.put("output", output);
    vars.put("task", self);
    vars.put("input", input);
    vars.put("with", input);
    vars.put("output", output);
    return vars;
  }

  private static Map<String, @Nullable Object> taskView(TaskState t) {
    Map<String, @Nullable Object> v = new LinkedHashMap<>();
    v.put("input", t.input());
    v.put("output", t.output());
    v.put("status", t.status().wireName());
    v.put("error", t.error());
    return v;
  }
}
