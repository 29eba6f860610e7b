package io.compozy.execution.run;

import java.time.Instant;

/** The answer to a start: the overview's envelope fields. */
record StartedExecution(
    String execId,
    String execUrl,
    String workflowId,
    String status,
    Instant createdAt,
    Instant updatedAt) {}
