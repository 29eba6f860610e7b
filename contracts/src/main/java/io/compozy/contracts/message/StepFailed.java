package io.compozy.contracts.message;

import java.time.Instant;

/**
 * A step failed. {@code retryable} is the worker's classification: bad input or a tool that threw a
 * non-retryable error type is terminal.
 */
public record StepFailed(
    String messageId,
    String execId,
    String taskId,
    String stepId,
    int attempt,
    StepError error,
    boolean retryable,
    Instant finishedAt)
    implements StepResult {}
