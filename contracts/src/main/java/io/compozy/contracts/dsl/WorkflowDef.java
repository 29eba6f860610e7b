package io.compozy.contracts.dsl;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** A workflow: its input schema, inline resources, tasks in order, and the output templates. */
public record WorkflowDef(
    @JsonProperty(required = true) @JsonSetter(nulls = Nulls.FAIL) String id,
    @Nullable String version,
    @Nullable String description,
    @Nullable WorkflowConfig config,
    @Nullable List<ToolDef> tools,
    // required and never null, nor any task in it: the checks walk it
    @JsonProperty(required = true) @JsonSetter(nulls = Nulls.FAIL, contentNulls = Nulls.FAIL)
        List<TaskDef> tasks,
    @Nullable Map<String, Object> outputs,
    // kept and served as written; the agent and MCP runtimes are other issues' work
    @Nullable List<Object> schemas,
    @Nullable List<Object> agents,
    @Nullable List<Object> mcps,
    @Nullable List<TriggerDef> triggers,
    @Nullable ScheduleDef schedule,
    @Nullable List<Object> knowledgeBases,
    @Nullable List<KnowledgeBinding> knowledge) {

  /** A workflow without knowledge bases of its own. */
  public WorkflowDef(
      String id,
      @Nullable String version,
      @Nullable String description,
      @Nullable WorkflowConfig config,
      @Nullable List<ToolDef> tools,
      List<TaskDef> tasks,
      @Nullable Map<String, Object> outputs,
      @Nullable List<Object> schemas,
      @Nullable List<Object> agents,
      @Nullable List<Object> mcps,
      @Nullable List<TriggerDef> triggers,
      @Nullable ScheduleDef schedule) {
    this(
        id,
        version,
        description,
        config,
        tools,
        tasks,
        outputs,
        schemas,
        agents,
        mcps,
        triggers,
        schedule,
        null,
        null);
  }

  /**
   * A workflow compact form with only its tasks and outputs (inline resources, triggers and
   * schedule absent).
   */
  public WorkflowDef(
      String id,
      @Nullable String version,
      @Nullable String description,
      @Nullable WorkflowConfig config,
      @Nullable List<ToolDef> tools,
      List<TaskDef> tasks,
      @Nullable Map<String, Object> outputs) {
    this(id, version, description, config, tools, tasks, outputs, null, null, null, null, null);
  }

  /** {@code schedule}: when the scheduler starts this workflow by itself. */
  public record ScheduleDef(
      String cron,
      @Nullable String timezone,
      @Nullable Boolean enabled,
      @Nullable String jitter,
      @Nullable String overlapPolicy,
      @Nullable String startAt,
      @Nullable String endAt,
      @Nullable Map<String, Object> input) {}

  /** A trigger: an event name ({@code signal}) or a webhook that starts this workflow. */
  public record TriggerDef(
      String type,
      @Nullable String name,
      @Nullable Object schema,
      @Nullable Map<String, Object> webhook) {}

  /**
   * The workflow's {@code config}: the input JSON Schema (in place or a schema id) and environment.
   */
  public record WorkflowConfig(
      @Nullable Object input,
      @Nullable Map<String, Object> env,
      @Nullable RetryPolicy retryPolicy,
      @Nullable String startToCloseTimeout,
      @Nullable String scheduleToStartTimeout,
      @Nullable String scheduleToCloseTimeout,
      @Nullable String heartbeatTimeout) {

    public TaskConfig taskConfig() {
      return new TaskConfig(
          retryPolicy,
          startToCloseTimeout,
          scheduleToStartTimeout,
          scheduleToCloseTimeout,
          heartbeatTimeout);
    }
  }

  /**
   * The input schema written in place, or the one its id names ({@code shared} finds those not in
   * this workflow).
   */
  public Optional<Map<String, Object>> inputSchema(
      Function<String, Optional<Map<String, Object>>> shared) {
    return config == null ? Optional.empty() : SchemaRefs.resolve(config.input(), schemas, shared);
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
