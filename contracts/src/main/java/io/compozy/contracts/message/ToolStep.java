package io.compozy.contracts.message;

import io.compozy.contracts.dsl.ToolDef;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A fully resolved tool call for a worker, on {@code compozy.steps.tool}: the rendered input, the
 * tool's definition and the runtime that hosts it. A worker needs nothing else to run it.
 */
public record ToolStep(
    String messageId,
    String execId,
    String workflowId,
    String taskId,
    String stepId,
    int attempt,
    String toolId,
    Map<String, Object> input,
    Map<String, Object> config,
    @Nullable RuntimeSpec runtime,
    Instant deadline,
    @Nullable ToolDef definition) {

  /** The same step due earlier: {@code at} when it comes before this step's deadline. */
  public ToolStep withDeadlineBy(Instant at) {
    return at.isBefore(deadline)
        ? new ToolStep(
            messageId,
            execId,
            workflowId,
            taskId,
            stepId,
            attempt,
            toolId,
            input,
            config,
            runtime,
            at,
            definition)
        : this;
  }

  /** A step for a script tool, whose id and config are all a worker needs. */
  public ToolStep(
      String messageId,
      String execId,
      String workflowId,
      String taskId,
      String stepId,
      int attempt,
      String toolId,
      Map<String, Object> input,
      Map<String, Object> config,
      @Nullable RuntimeSpec runtime,
      Instant deadline) {
    this(
        messageId,
        execId,
        workflowId,
        taskId,
        stepId,
        attempt,
        toolId,
        input,
        config,
        runtime,
        deadline,
        null);
  }
}
