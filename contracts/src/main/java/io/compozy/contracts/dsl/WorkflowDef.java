package io.compozy.contracts.dsl;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** A workflow: its input schema, inline resources, tasks in order, and the output templates. */
public record WorkflowDef(
    String id,
    @Nullable String version,
    @Nullable String description,
    @Nullable WorkflowConfig config,
    @Nullable List<ToolDef> tools,
    List<TaskDef> tasks,
    @Nullable Map<String, Object> outputs) {

  /** The workflow's {@code config}: the input JSON Schema and environment. */
  public record WorkflowConfig(
      @Nullable Map<String, Object> input,
      @Nullable Map<String, Object> env,
      @Nullable RetryPolicy retryPolicy,
      @Nullable String startToCloseTimeout,
      @Nullable String scheduleToStartTimeout,
      @Nullable String scheduleToCloseTimeout,
      @Nullable String heartbeatTimeout) {

    public TaskConfig taskConfig() {
      return new TaskConfig(retryPolicy, startToCloseTimeout, scheduleToStartTimeout, scheduleToCloseTimeout, heartbeatTimeout);
    }
  }

  public @Nullable Map<String, Object> inputSchema() {
    return config == null ? null : config.input();
  }

  public List<ToolDef> toolsOrEmpty() {
    return tools == null ? List.of() : tools;
  }

  public Optional<TaskDef> task(String taskId) {
    return tasks.stream().filter(t -> t.id().equals(taskId)).findFirst();
  }

  public int indexOf(String taskId) {
    for (int i = 0; i < tasks.size(); i++) {
      if (tasks.get(i).id().equals(taskId)) {
        return i;
      }
    }
    return -1;
  }
}
