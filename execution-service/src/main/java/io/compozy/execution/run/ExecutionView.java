package io.compozy.execution.run;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.compozy.contracts.execution.ExecutionAction;
import io.compozy.contracts.execution.ExecutionStatus;
import io.compozy.contracts.execution.TaskStatus;
import io.compozy.support.execution.ExecutionRecord;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An execution as the API shows it, with the state of each task by id. It also carries the keys
 * Compozy's clients read: {@code workflow_exec_id} always, and for a single agent call or stored
 * task run its {@code component} ({@code agent} or {@code task}) and {@code task_id}.
 */
@JsonIgnoreProperties(
    value = {"workflow_exec_id", "component", "task_id", "actions"},
    allowGetters = true)
record ExecutionView(
    String execId,
    String execUrl,
    String workflowId,
    ExecutionStatus status,
    Object input,
    @Nullable Object output,
    @Nullable Object error,
    @Nullable Object usage,
    Map<String, TaskView> tasks,
    Instant createdAt,
    Instant updatedAt,
    @Nullable Instant endedAt,
    // the W3C trace id of the execution's trace (where the platform traces): open it in the trace
    // store
    @Nullable String traceId) {

  record TaskView(
      TaskStatus status,
      @Nullable Object input,
      @Nullable Object output,
      @Nullable Object error,
      int attempts,
      @Nullable Instant startedAt,
      @Nullable Instant endedAt,
      // the chunks of knowledge bases an agent task read, nearest first: knowledge_base_id, source,
      // chunk_index, chunk_id, score
      @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Object knowledge) {}

  static ExecutionView of(ExecutionRecord e) {
    Map<String, TaskView> tasks = new LinkedHashMap<>();
    for (ExecutionRecord.Task t : e.tasks()) {
      tasks.put(
          t.taskId(),
          new TaskView(
              t.status(),
              t.input(),
              t.output(),
              t.error(),
              t.attempts(),
              t.startedAt(),
              t.endedAt(),
              t.knowledge()));
    }
    return new ExecutionView(
        e.execId(),
        ExecutionStarter.EXECUTIONS_PATH + e.execId(),
        e.workflowId(),
        e.status(),
        e.input(),
        e.output(),
        e.error(),
        e.usage(),
        tasks,
        e.createdAt(),
        e.updatedAt(),
        e.endedAt(),
        e.traceId());
  }

  @JsonProperty("workflow_exec_id")
  String workflowExecId() {
    return execId;
  }

  @JsonProperty("component")
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @Nullable String component() {
    return OneTaskWorkflows.component(workflowId)
        .map(OneTaskWorkflows.Component::word)
        .orElse(null);
  }

  @JsonProperty("task_id")
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @Nullable String taskId() {
    return OneTaskWorkflows.component(workflowId).map(OneTaskWorkflows.Component::id).orElse(null);
  }

  /**
   * What may be asked of the execution in its status ({@code cancel}, {@code pause}, {@code
   * resume}, {@code signal}): a client shows these buttons.
   */
  @JsonProperty("actions")
  List<ExecutionAction> actions() {
    return List.copyOf(ExecutionAction.allowedFrom(status));
  }

  boolean isFinished() {
    return status.isFinished();
  }
}
