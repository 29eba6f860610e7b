package io.compozy.contracts.message;

import io.compozy.contracts.dsl.MemoryDef;
import io.compozy.contracts.dsl.MemoryOperation;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A memory task's operation for the memory worker, on {@code compozy.steps.memory}: the memory's
 * definition, the rendered instance key and the rendered payload.
 */
public record MemoryStep(
    String messageId,
    String execId,
    String workflowId,
    String taskId,
    String stepId,
    int attempt,
    MemoryDef memory,
    String key,
    MemoryOperation operation,
    @Nullable Object payload,
    Instant deadline) {}
