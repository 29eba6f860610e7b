package io.compozy.contracts.message;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A step finished and produced {@code output} (any JSON value). Agent steps add {@code usage}: the
 * tokens spent, by {@code provider:model}; and {@code knowledge}: the chunks they read, nearest
 * first.
 */
public record StepSucceeded(
    String messageId,
    String execId,
    String taskId,
    String stepId,
    int attempt,
    @Nullable Object output,
    Instant finishedAt,
    @Nullable Map<String, Usage> usage,
    @Nullable List<RetrievedChunk> knowledge)
    implements StepResult {

  public StepSucceeded(
      String messageId,
      String execId,
      String taskId,
      String stepId,
      int attempt,
      @Nullable Object output,
      Instant finishedAt,
      @Nullable Map<String, Usage> usage) {
    this(messageId, execId, taskId, stepId, attempt, output, finishedAt, usage, null);
  }

  public StepSucceeded(
      String messageId,
      String execId,
      String taskId,
      String stepId,
      int attempt,
      @Nullable Object output,
      Instant finishedAt) {
    this(messageId, execId, taskId, stepId, attempt, output, finishedAt, null, null);
  }

  /** Tokens spent on one model: prompt, completion, and the number of calls. */
  public record Usage(long promptTokens, long completionTokens, int requests) {
    public Usage plus(Usage other) {
      return new Usage(
          promptTokens + other.promptTokens,
          completionTokens + other.completionTokens,
          requests + other.requests);
    }
  }
}
