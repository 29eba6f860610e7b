package io.compozy.contracts.dsl;

import io.compozy.contracts.schema.Violation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SequencedSet;
import org.jspecify.annotations.Nullable;

/**
 * Finds loops of tasks that can never end: following each task's only way on ({@code
 * on_success.next}, else the next task in its list) comes back to where it started without a
 * router, wait or {@code final} task on the way, so nothing but a failure leaves it.
 */
final class FlowCycles {
  private FlowCycles() {}

  static void check(List<TaskDef> tasks, String at, List<Violation> problems) {
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < tasks.size(); i++) {
      index.putIfAbsent(tasks.get(i).id(), i);
    }
    List<String> reported = new ArrayList<>();
    for (int start = 0; start < tasks.size(); start++) {
      SequencedSet<String> path = new LinkedHashSet<>();
      Integer at0 = start;
      while (at0 != null && path.add(tasks.get(at0).id())) {
        at0 = next(tasks, at0, index);
      }
      if (at0 != null && at0 == start && reported.stream().noneMatch(path::contains)) {
        reported.add(tasks.get(start).id());
        problems.add(
            new Violation(
                at + "/" + start,
                "tasks "
                    + String.join(" → ", path)
                    + " → "
                    + tasks.get(start).id()
                    + " loop forever: add a router, a wait or a final task to leave the loop"));
      }
    }
    for (int i = 0; i < tasks.size(); i++) {
      TaskDef t = tasks.get(i);
      if (t instanceof CollectionTask || t instanceof RouterTask || t instanceof WaitTask) {
        continue; // one task inside, or alternatives: no flow between them
      }
      if (!t.children().isEmpty()) {
        check(t.children(), at + "/" + i + "/tasks", problems);
      }
    }
  }

  /** The one task that follows, or null where the flow may end or branch. */
  private static @Nullable Integer next(List<TaskDef> tasks, int i, Map<String, Integer> index) {
    TaskDef t = tasks.get(i);
    if (t.endsWorkflow() || t instanceof RouterTask || t instanceof WaitTask) {
      return null;
    }
    if (t.onSuccess() != null && t.onSuccess().next() != null) {
      return index.get(t.onSuccess().next());
    }
    return i + 1 < tasks.size() ? i + 1 : null;
  }
}
