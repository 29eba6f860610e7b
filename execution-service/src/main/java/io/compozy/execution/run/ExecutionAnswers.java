package io.compozy.execution.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.compozy.contracts.execution.ExecutionStatus;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The {@code data} of the executions API's answers, typed so the document and its clients are. */
final class ExecutionAnswers {
  private ExecutionAnswers() {}

  /** A synchronous run's end: its status and output, and the execution as {@code GET} shows it. */
  @Schema(name = "CompletedExecution")
  record Completed(
      String execId, ExecutionStatus status, @Nullable Object output, ExecutionView workflow) {}

  /**
   * A control request (cancel, pause, resume, signal) accepted: the execution's status when it was.
   */
  @Schema(name = "ExecutionRequestAccepted")
  record Accepted(String execId, ExecutionStatus status) {}

  /** What a finished execution gave: its output, or its error. */
  @Schema(name = "ExecutionOutputs")
  record Outputs(
      String execId,
      ExecutionStatus status,
      @Nullable Object output,
      @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Object error) {}

  /** One execution in a list, without its input, output and tasks. */
  @Schema(name = "ExecutionSummary")
  record Summary(
      String execId,
      String execUrl,
      String workflowId,
      ExecutionStatus status,
      Instant createdAt,
      @Nullable Instant updatedAt,
      @Nullable Instant endedAt) {
    static Summary of(ExecutionView e) {
      return new Summary(
          e.execId(),
          e.execUrl(),
          e.workflowId(),
          e.status(),
          e.createdAt(),
          e.updatedAt(),
          e.endedAt());
    }
  }

  /**
   * Where a page is: its size, and the cursors of the older ({@code next}) and newer ({@code prev})
   * pages.
   */
  @Schema(name = "ExecutionPageInfo")
  record PageInfo(int limit, @Nullable String nextCursor, @Nullable String prevCursor) {}

  /** A page of executions, newest first. */
  @Schema(name = "ExecutionPage")
  record Page(List<Summary> executions, PageInfo page) {}
}
