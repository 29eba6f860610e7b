package io.compozy.execution.run;

import io.compozy.contracts.dsl.WorkflowDef;
import io.compozy.contracts.json.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A single agent call or stored task made into a one-task workflow, so it runs on the engine like
 * any execution. Its id ({@code agent.<id>.<hash>} or {@code task.<id>.<hash>}) is stable for the
 * same call, and the definition is stored with the execution (it is not in the registry).
 */
final class OneTaskWorkflows {
  static final String AGENT = "agent.";
  static final String TASK = "task.";

  private OneTaskWorkflows() {}

  static WorkflowDef agent(
      String agentId,
      @Nullable String actionId,
      @Nullable String prompt,
      @Nullable Map<String, Object> with) {
    Map<String, Object> task = new LinkedHashMap<>();
    task.put("id", "call");
    task.put("type", "basic");
    task.put("agent", agentId);
    if (actionId != null) {
      task.put("action", actionId);
    }
    if (prompt != null) {
      task.put("prompt", prompt);
    }
    task.put("with", with == null ? Map.of() : with);
    return of(AGENT + agentId, "a call of agent " + agentId, task);
  }

  /** A stored task, its {@code with} laid under {@code with}. */
  @SuppressWarnings("unchecked")
  static WorkflowDef task(
      String taskId, Map<String, Object> stored, @Nullable Map<String, Object> with) {
    Map<String, Object> task = new LinkedHashMap<>(stored);
    Map<String, Object> merged =
        new LinkedHashMap<>(
            stored.get("with") instanceof Map<?, ?> w ? (Map<String, Object>) w : Map.of());
    if (with != null) {
      merged.putAll(with);
    }
    task.put("with", merged);
    return of(TASK + taskId, "a run of task " + taskId, task);
  }

  /**
   * What a one-task workflow runs, as Compozy names it: {@code agent} or {@code task}, and its id.
   */
  record Component(String word, String id) {}

  /** The component a workflow id stands for, if it is a one-task workflow's. */
  static Optional<Component> component(String workflowId) {
    String prefix =
        workflowId.startsWith(AGENT) ? AGENT : workflowId.startsWith(TASK) ? TASK : null;
    int hash = workflowId.lastIndexOf('.');
    if (prefix == null || hash <= prefix.length()) {
      return Optional.empty();
    }
    return Optional.of(
        new Component(
            prefix.substring(0, prefix.length() - 1), workflowId.substring(prefix.length(), hash)));
  }

  private static WorkflowDef of(String prefix, String description, Map<String, Object> task) {
    String id = prefix + "." + Integer.toHexString(Json.write(task).hashCode());
    return Json.MAPPER.convertValue(
        Map.of("id", id, "description", description, "tasks", List.of(task)), WorkflowDef.class);
  }
}
