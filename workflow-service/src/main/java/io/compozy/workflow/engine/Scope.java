package io.compozy.workflow.engine;

import io.compozy.contracts.dsl.TaskDef;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The variables templates and conditions see (DSL.md, Templates): {@code workflow}, {@code tasks}
 * (by task id; a declared top-level task that has not run is present and null, so {@code default}
 * applies), {@code env}, and for a task instance {@code task}, {@code input}, {@code with}, {@code
 * output}, {@code parent}, plus the variables its containers add ({@code item}, {@code index}).
 */
final class Scope {
  /** A variable holding a transition's rendered {@code with}; the {@code $} keeps it out of templates. */
  static final String WITH_OVERRIDE = "$with";

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
    // nested tasks are visible by id too; top-level ones win a clash, collection items are left out
    s.tasks().values().stream().filter(t -> t.parent() != null && !t.isCollectionItem()).forEach(t -> tasks.put(t.taskId(), view(t)));
    s.tasks().values().stream().filter(t -> t.parent() == null).forEach(t -> tasks.put(t.taskId(), view(t)));
    Map<String, Object> vars = new HashMap<>();
    vars.put("workflow", workflow);
    vars.put("tasks", tasks);
    vars.put("env", ctx.workflow().config() != null && ctx.workflow().config().env() != null ? ctx.workflow().config().env() : Map.of());
    return vars;
  }

  static Map<String, Object> forTask(ExecutionState s, WorkflowContext ctx, TaskState t) {
    return forTask(s, ctx, t, t.output());
  }

  static Map<String, Object> forTask(ExecutionState s, WorkflowContext ctx, TaskState t, @Nullable Object output) {
    Map<String, Object> vars = of(s, ctx);
    Deque<TaskState> chain = new ArrayDeque<>();
    for (TaskState a = t; a != null; a = a.parent() == null ? null : s.tasks().get(a.parent())) {
      chain.push(a);
    }
    for (TaskState a : chain) {
      a.vars().forEach((k, v) -> {
        if (!k.startsWith("$")) {
          vars.put(k, v);
        }
      });
    }
    Map<String, @Nullable Object> self = view(t);
    self.put("id", t.taskId());
    self.put("output", output);
    vars.put("task", self);
    vars.put("input", t.input());
    vars.put("with", t.input());
    vars.put("output", output);
    if (t.parent() != null && s.tasks().get(t.parent()) != null) {
      TaskState p = s.tasks().get(t.parent());
      Map<String, @Nullable Object> parent = view(p);
      parent.put("id", p.taskId());
      vars.put("parent", parent);
    }
    return vars;
  }

  private static Map<String, @Nullable Object> view(TaskState t) {
    Map<String, @Nullable Object> v = new LinkedHashMap<>();
    v.put("input", t.input());
    v.put("output", t.output());
    v.put("status", t.status().wireName());
    v.put("error", t.error() == null ? null : Map.of("type", t.error().type(), "message", t.error().message()));
    return v;
  }
}
