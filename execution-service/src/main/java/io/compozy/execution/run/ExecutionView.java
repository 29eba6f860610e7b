package io.compozy.execution.run;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** An execution as the API shows it, with the state of each task by id. */
record ExecutionView(
    String execId,
    String execUrl,
    String workflowId,
    String status,
    Object input,
    @Nullable Object output,
    @Nullable Object error,
    @Nullable Object usage,
    Map<String, TaskView> tasks,
    Instant createdAt,
    Instant updatedAt,
    @Nullable Instant endedAt) {

  record TaskView(
      String status,
      @Nullable Object input,
      @Nullable Object output,
      @Nullable Object error,
      int attempts,
      @Nullable Instant startedAt,
      @Nullable Instant endedAt) {}

  static final java.util.Set<String> FINISHED = java.util.Set.of("success", "failed", "timed_out", "canceled");

  boolean isFinished() {
    return FINISHED.contains(status);
  }
}
