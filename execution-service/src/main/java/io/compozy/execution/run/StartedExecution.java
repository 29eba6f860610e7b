package io.compozy.execution.run;

import io.compozy.contracts.execution.ExecutionStatus;
import java.time.Instant;

/** The answer to a start: the overview's envelope fields. */
record StartedExecution(
    String execId,
    String execUrl,
    String workflowId,
    ExecutionStatus status,
    Instant createdAt,
    Instant updatedAt) {}
