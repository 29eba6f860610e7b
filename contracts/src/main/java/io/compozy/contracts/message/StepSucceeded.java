package io.compozy.contracts.message;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A step finished and produced {@code output} (any JSON value). */
public record StepSucceeded(
    String messageId,
    String execId,
    String taskId,
    String stepId,
    int attempt,
    @Nullable Object output,
    Instant finishedAt)
    implements StepResult {}
