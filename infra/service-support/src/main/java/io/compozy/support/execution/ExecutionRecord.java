package io.compozy.support.execution;

import io.compozy.contracts.execution.ExecutionStatus;
import io.compozy.contracts.execution.TaskStatus;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An execution as the shared record holds it; {@code tasks} is empty where it was read without them
 * (a page of executions, a status check).
 */
public record ExecutionRecord(
    String execId,
    String workflowId,
    ExecutionStatus status,
    @Nullable Object input,
    @Nullable Object output,
    @Nullable Object error,
    @Nullable Object usage,
    Instant createdAt,
    Instant updatedAt,
    @Nullable Instant endedAt,
    @Nullable String traceId,
    List<Task> tasks) {
  public ExecutionRecord {
    tasks = List.copyOf(tasks);
  }

  /**
   * One task's state; {@code knowledge} holds the knowledge-base chunks an agent task read, nearest
   * first.
   */
  public record Task(
      String taskId,
      TaskStatus status,
      @Nullable Object input,
      @Nullable Object output,
      @Nullable Object error,
      int attempts,
      @Nullable Instant startedAt,
      @Nullable Instant endedAt,
      @Nullable Object knowledge) {}
}
