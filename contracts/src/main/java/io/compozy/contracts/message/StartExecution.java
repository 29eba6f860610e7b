package io.compozy.contracts.message;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Starts an execution whose {@code pending} row the execution service already wrote. {@code taskId}
 * names the task to start at, or null for the workflow's first task.
 */
public record StartExecution(
    String messageId,
    String execId,
    String workflowId,
    Map<String, Object> input,
    @Nullable String taskId,
    Instant requestedAt)
    implements EngineCommand {}
