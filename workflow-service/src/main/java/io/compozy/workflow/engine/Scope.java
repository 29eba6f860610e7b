package io.compozy.workflow.engine;

import io.compozy.contracts.dsl.CollectionTask;
import io.compozy.contracts.dsl.TaskDef;
import io.compozy.contracts.execution.ExecutionStatus;
import io.compozy.contracts.json.Json;
import java.util.AbstractMap;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The variables templates and conditions see (DSL.md, Templates): {@code workflow}, {@code tasks}
 * (by task id; a declared top-level task that has not run is present and null, so {@code default}
 * applies), {@code env}, and for a task instance {@code task}, {@code input}, {@code with}, {@code
 * output}, {@code parent}, plus the variables its containers add ({@code item}, {@code index}).
 */
final class Scope {
  /**
   * A variable holding a transition's rendered {@code with}; the {@code $} keeps it out of
   * templates.
   */
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
    Set<String> containers = new HashSet<>();
    containers(ctx.workflow().tasks(), containers, 0);
    s.tasks().values().stream()
        .filter(t -> t.parent() != null && !t.isCollectionItem())
        .forEach(t -> tasks.put(t.taskId(), view(t, s, containers)));
    s.tasks().values().stream()
        .filter(t -> t.parent() == null)
        .forEach(t -> tasks.put(t.taskId(), view(t, s, containers)));
    Map<String, Object> vars = new HashMap<>();
    vars.put("workflow", workflow);
    vars.put("tasks", tasks);
    vars.put(
        "env",
        ctx.workflow().config() != null && ctx.workflow().config().env() != null
            ? ctx.workflow().config().env()
            : Map.of());
    return vars;
  }

  /**
   * What a workflow's {@code outputs} see, as Compozy gives it: the usual scope, and at the top
   * {@code workflow_id}, {@code workflow_exec_id}, {@code status} (the one the execution ends with)
   * and {@code config} (the workflow's).
   */
  static Map<String, Object> forOutputs(
      ExecutionState s, WorkflowContext ctx, ExecutionStatus ending) {
    Map<String, Object> vars = of(s, ctx);
    vars.put("workflow_id", s.workflowId());
    vars.put("workflow_exec_id", s.execId());
    vars.put("status", ending.wireName());
    vars.put(
        "config",
        ctx.workflow().config() == null
            ? Map.of()
            : Json.MAPPER.convertValue(ctx.workflow().config(), Map.class));
    return vars;
  }

  static Map<String, Object> forTask(ExecutionState s, WorkflowContext ctx, TaskState t) {
    return forTask(s, ctx, t, t.output());
  }

  static Map<String, Object> forTask(
      ExecutionState s, WorkflowContext ctx, TaskState t, @Nullable Object output) {
    Map<String, Object> vars = of(s, ctx);
    Deque<TaskState> chain = new ArrayDeque<>();
    for (TaskState a = t; a != null; a = a.parent() == null ? null : s.tasks().get(a.parent())) {
      chain.push(a);
    }
    for (TaskState a : chain) {
      a.vars()
          .forEach(
              (k, v) -> {
                if (!k.startsWith("$")) {
                  vars.put(k, v);
                }
              });
    }
    Map<String, @Nullable Object> self = view(t, s, Set.of());
    self.put("id", t.taskId());
    self.put("output", output);
    vars.put("task", self);
    vars.put("input", t.input());
    vars.put("with", t.input());
    vars.put("output", output);
    if (t.parent() != null && s.tasks().get(t.parent()) != null) {
      TaskState p = s.tasks().get(t.parent());
      Map<String, @Nullable Object> parent = view(p, s, Set.of());
      parent.put("id", p.taskId());
      vars.put("parent", parent);
    }
    return vars;
  }

  /**
   * The ids of the tasks that run children (parallel, composite, collection): their {@code
   * children} is there even when empty.
   */
  private static void containers(List<TaskDef> tasks, Set<String> out, int depth) {
    for (TaskDef t : tasks) {
      if (depth > 100) {
        return;
      }
      if (t instanceof CollectionTask c) {
        out.add(c.id());
        containers(List.of(c.task()), out, depth + 1);
      } else if (!t.children().isEmpty()) {
        out.add(t.id());
        containers(t.children(), out, depth + 1);
      }
    }
  }

  private static Map<String, @Nullable Object> view(
      TaskState t, ExecutionState s, Set<String> containers) {
    Map<String, @Nullable Object> v = new LinkedHashMap<>();
    v.put("input", t.input());
    v.put("output", t.output());
    v.put("status", t.status().wireName());
    v.put(
        "error",
        t.error() == null
            ? null
            : Map.of("type", t.error().type(), "message", t.error().message()));
    if (!t.children().isEmpty() || containers.contains(t.taskId())) {
      v.put("children", new Children(t.children(), s));
    }
    return v;
  }

  /**
   * A container's children by task id (a collection item's as rendered per item), as Compozy's
   * {@code .tasks.<id>.children} gives them. Built when a template first reads it, once per scope:
   * a collection of many items costs nothing to templates that never look.
   */
  private static final class Children extends AbstractMap<String, @Nullable Object> {
    private final List<String> paths;
    private final ExecutionState state;
    private @Nullable Map<String, @Nullable Object> built;

    Children(List<String> paths, ExecutionState state) {
      this.paths = paths;
      this.state = state;
    }

    @Override
    public Set<Entry<String, @Nullable Object>> entrySet() {
      if (built == null) {
        Map<String, @Nullable Object> out = new LinkedHashMap<>();
        for (String path : paths) {
          TaskState child = state.tasks().get(path);
          if (child != null) {
            Map<String, @Nullable Object> v = view(child, state, Set.of());
            v.put("id", child.taskId());
            out.put(child.taskId(), v);
          }
        }
        built = out;
      }
      return built.entrySet();
    }
  }
}
