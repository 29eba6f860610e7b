package io.compozy.workflow.engine;

import io.compozy.contracts.message.StepError;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** Where one task of an execution stands. {@code attempt} counts dispatches, from 1. */
public record TaskState(
    String taskId,
    TaskStatus status,
    @Nullable Object input,
    @Nullable Object output,
    @Nullable StepError error,
    int attempt,
    @Nullable Instant startedAt,
    @Nullable Instant endedAt) {

  static TaskState running(String taskId, @Nullable Object input, int attempt, Instant now) {
    return new TaskState(taskId, TaskStatus.RUNNING, input, null, null, attempt, now, null);
  }

  TaskState succeeded(@Nullable Object output, Instant now) {
    return new TaskState(taskId, TaskStatus.SUCCESS, input, output, null, attempt, startedAt == null ? now : startedAt, now);
  }

  TaskState failed(StepError error, Instant now) {
    return new TaskState(taskId, TaskStatus.FAILED, input, output, error, attempt, startedAt == null ? now : startedAt, now);
  }

  boolean isRunning() {
    return status == TaskStatus.RUNNING;
  }
}
