package io.compozy.workflow.engine;

import io.compozy.contracts.dsl.ChildStrategy;
import io.compozy.contracts.dsl.CollectionMode;
import io.compozy.contracts.dsl.CollectionTask;
import io.compozy.contracts.dsl.CompositeTask;
import io.compozy.contracts.dsl.Durations;
import io.compozy.contracts.dsl.ParallelTask;
import io.compozy.contracts.dsl.TaskDef;
import io.compozy.contracts.execution.TaskStatus;
import io.compozy.contracts.message.StepError;
import io.compozy.contracts.message.TimerKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The containers: {@code parallel} (children side by side), {@code composite} (children in order)
 * and {@code collection} (one child per item). They share one rule set: start pending children up
 * to a limit, and on each child's end apply the strategy ({@code wait_all}, {@code fail_fast},
 * {@code best_effort}, {@code race}). Outputs: children's outputs by id, or a collection's list in
 * item order.
 */
final class FanoutTaskBehavior implements TaskBehavior {
  @Override
  public void enter(DecisionRun run, TaskDef def, TaskState self) {
    List<TaskState> children = new ArrayList<>();
    switch (def) {
      case CollectionTask c -> {
        List<?> items = items(run, c, self);
        String itemVar = c.itemVar() == null ? "item" : c.itemVar();
        String indexVar = c.indexVar() == null ? "index" : c.indexVar();
        int position = 0;
        for (int i = 0; i < items.size(); i++) {
          Map<String, Object> vars = new LinkedHashMap<>();
          vars.put("item", items.get(i));
          vars.put("index", i);
          vars.put(itemVar, items.get(i));
          vars.put(indexVar, i);
          Map<String, Object> scope = new LinkedHashMap<>(run.scope(self));
          scope.putAll(vars);
          if (c.filter() != null && !keeps(run, c, scope)) {
            continue;
          }
          // an id templated per item (doc-{{ .index }}) is each item's own, as Compozy names it
          String id =
              c.task().id() != null && c.task().id().contains("{{")
                  ? String.valueOf(
                      run.expressions.render(
                          c.task().id(), scope, "collection '" + c.id() + "' task id"))
                  : c.task().id();
          children.add(
              TaskState.pending(self.path() + "[" + position++ + "]", id, self.path(), vars));
        }
      }
      default ->
          def.children()
              .forEach(
                  child ->
                      children.add(
                          TaskState.pending(
                              self.path() + "/" + child.id(), child.id(), self.path(), Map.of())));
    }
    children.forEach(run::put);
    run.put(run.task(self.path()).withChildren(children.stream().map(TaskState::path).toList()));
    if (children.isEmpty()) {
      finish(run, def, run.task(self.path()));
      return;
    }
    if (def.timeout() != null) {
      run.setTimer(
          TimerKind.CONTAINER_TIMEOUT, self.path(), self.attempt(), Durations.parse(def.timeout()));
    }
    startMore(run, def, run.task(self.path()));
  }

  /**
   * A filter with {{ }} is a template, kept when its text reads true (Compozy's rule: true, yes, 1,
   * on, or any other non-empty text except false, no, 0, off); otherwise it is CEL over the item's
   * scope, its item_var and index_var included.
   */
  private static boolean keeps(DecisionRun run, CollectionTask c, Map<String, Object> scope) {
    String where = "collection '" + c.id() + "' filter";
    if (!c.filter().contains("{{")) {
      return run.expressions.test(c.filter(), scope, c.loopVariables(), where);
    }
    Object rendered = run.expressions.render(c.filter(), scope, where);
    String text = rendered == null ? "" : String.valueOf(rendered).strip().toLowerCase(Locale.ROOT);
    return switch (text) {
      case "true", "yes", "1", "on" -> true;
      case "false", "no", "0", "off", "" -> false;
      default -> true;
    };
  }

  private static List<?> items(DecisionRun run, CollectionTask c, TaskState self) {
    Object value =
        run.expressions.render(c.items(), run.scope(self), "collection '" + c.id() + "' items");
    try {
      return CollectionItems.of(value);
    } catch (CollectionItems.TooMany e) {
      throw new Expressions.Failure(
          new StepError("invalid_items", "collection '" + c.id() + "': " + e.getMessage()));
    }
  }

  @Override
  public void onChildDone(DecisionRun run, TaskDef def, TaskState self, TaskState child) {
    ChildStrategy strategy = strategy(def);
    if (child.status() == TaskStatus.FAILED && strategy == ChildStrategy.FAIL_FAST) {
      run.cancelSubtree(self.path());
      run.complete(
          self.path(),
          TaskStatus.FAILED,
          null,
          new StepError(
              child.error() == null ? "task_failed" : child.error().type(),
              "'"
                  + child.path()
                  + "' failed: "
                  + (child.error() == null ? "" : child.error().message())));
      return;
    }
    if (child.status() == TaskStatus.SUCCESS && strategy == ChildStrategy.RACE) {
      run.cancelSubtree(self.path());
      Object output =
          def instanceof CollectionTask ? child.output() : outputsById(run, List.of(child.path()));
      run.complete(self.path(), TaskStatus.SUCCESS, containerOutputs(run, def, self, output), null);
      return;
    }
    startMore(run, def, self);
    TaskState now = run.task(self.path());
    if (now.children().stream().allMatch(p -> run.task(p).status().isFinished())) {
      finish(run, def, now);
    }
  }

  private void startMore(DecisionRun run, TaskDef def, TaskState self) {
    int limit = limit(def);
    long active = self.children().stream().filter(p -> run.task(p).status().isActive()).count();
    for (String path : self.children()) {
      if (active >= limit) {
        return;
      }
      TaskState child = run.task(path);
      if (child.status() == TaskStatus.PENDING) {
        active++;
        TaskDef childDef = run.def(child);
        run.enter(childDef, path, self.path(), child.vars());
      }
    }
  }

  private static void finish(DecisionRun run, TaskDef def, TaskState self) {
    List<TaskState> children = self.children().stream().map(run::task).toList();
    List<TaskState> failed =
        children.stream().filter(c -> c.status() == TaskStatus.FAILED).toList();
    Object output =
        def instanceof CollectionTask
            ? children.stream().map(c -> c.output()).toList()
            : outputsById(run, self.children());
    boolean fails =
        switch (strategy(def)) {
          case BEST_EFFORT -> false;
          case RACE -> !children.isEmpty() && failed.size() == children.size();
          case WAIT_ALL, FAIL_FAST -> !failed.isEmpty();
        };
    if (fails) {
      TaskState first = failed.getFirst();
      run.complete(
          self.path(),
          TaskStatus.FAILED,
          output,
          new StepError(
              first.error() == null ? "task_failed" : first.error().type(),
              failed.size()
                  + " of "
                  + children.size()
                  + " tasks failed; '"
                  + first.path()
                  + "': "
                  + (first.error() == null ? "" : first.error().message())));
    } else {
      run.complete(self.path(), TaskStatus.SUCCESS, containerOutputs(run, def, self, output), null);
    }
  }

  private static @Nullable Object containerOutputs(
      DecisionRun run, TaskDef def, TaskState self, @Nullable Object output) {
    if (def.outputs() == null) {
      return output;
    }
    return run.expressions.render(
        def.outputs(),
        Scope.forTask(run.state(), run.ctx, self, output),
        "task '" + def.id() + "' outputs");
  }

  private static Map<String, Object> outputsById(DecisionRun run, List<String> paths) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String p : paths) {
      TaskState c = run.task(p);
      out.put(c.taskId(), c.output());
    }
    return out;
  }

  private static ChildStrategy strategy(TaskDef def) {
    ChildStrategy s =
        switch (def) {
          case ParallelTask p -> p.strategy();
          case CompositeTask c -> c.strategy() == null ? ChildStrategy.FAIL_FAST : c.strategy();
          case CollectionTask c -> c.strategy();
          default -> null;
        };
    return s == null ? ChildStrategy.WAIT_ALL : s;
  }

  private static int limit(TaskDef def) {
    Integer n =
        switch (def) {
          case ParallelTask p -> p.maxWorkers();
          case CompositeTask c -> 1;
          case CollectionTask c ->
              c.mode() == CollectionMode.SEQUENTIAL
                  ? Integer.valueOf(1)
                  : c.maxWorkers() != null ? c.maxWorkers() : c.batch();
          default -> null;
        };
    return n == null || n <= 0 ? Integer.MAX_VALUE : n;
  }
}
