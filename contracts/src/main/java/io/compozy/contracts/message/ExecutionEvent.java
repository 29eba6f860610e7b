package io.compozy.contracts.message;

import io.compozy.contracts.execution.EventType;
import io.compozy.contracts.execution.ExecutionStatus;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A lifecycle event of an execution or one of its tasks, on {@code compozy.execution-events}, with
 * the execution's status when it happened. {@code seq} numbers an execution's events from 1, with
 * no gaps: it is the SSE event id.
 */
public record ExecutionEvent(
    String messageId,
    String execId,
    String workflowId,
    long seq,
    EventType type,
    ExecutionStatus status,
    @Nullable String taskId,
    Map<String, Object> data,
    Instant at) {}
