package io.compozy.execution.run;

import io.compozy.contracts.execution.ExecutionStatus;
import io.compozy.contracts.execution.StepKind;
import io.compozy.contracts.execution.StepOutcome;
import io.compozy.contracts.execution.TaskStatus;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Where an execution's time went, without a trace store: each task with its start, end and
 * attempts, and each run of its step by a worker (which instance, how long the step waited in its
 * queue, how long it ran).
 */
@Schema(name = "ExecutionTimeline")
record ExecutionTimeline(
    String execId,
    String workflowId,
    ExecutionStatus status,
    Instant createdAt,
    @Nullable Instant endedAt,
    @Nullable Long durationMs,
    @Nullable String traceId,
    List<Task> tasks) {

  /** One task: from when the orchestrator started it to when it ended. */
  @Schema(name = "TaskTimeline")
  record Task(
      String taskId,
      TaskStatus status,
      int attempts,
      @Nullable Instant startedAt,
      @Nullable Instant endedAt,
      @Nullable Long durationMs,
      List<Run> runs) {}

  /**
   * One run of the task's step by a worker: {@code waited_ms} in its queue, then {@code ran_ms}.
   */
  @Schema(name = "StepRunTimeline")
  record Run(
      int attempt,
      StepKind kind,
      String worker,
      Instant queuedAt,
      Instant startedAt,
      Instant endedAt,
      long waitedMs,
      long ranMs,
      StepOutcome outcome) {}

  static @Nullable Long millis(@Nullable Instant from, @Nullable Instant to) {
    return from == null || to == null ? null : Duration.between(from, to).toMillis();
  }
}
