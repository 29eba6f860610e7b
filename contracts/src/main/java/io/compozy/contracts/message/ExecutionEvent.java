package io.compozy.contracts.message;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A lifecycle event of an execution or one of its tasks, on {@code compozy.execution-events}. The
 * {@code type} is one of the SSE event names of API.md ({@code workflow_start}, {@code
 * workflow_status}, {@code task_status}, {@code complete}, {@code error}). {@code seq} numbers an
 * execution's events from 1, with no gaps: it is the SSE event id.
 */
public record ExecutionEvent(
    String messageId,
    String execId,
    String workflowId,
    long seq,
    String type,
    String status,
    @Nullable String taskId,
    Map<String, Object> data,
    Instant at) {}
