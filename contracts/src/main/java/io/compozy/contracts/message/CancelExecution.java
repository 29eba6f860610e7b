package io.compozy.contracts.message;

import org.jspecify.annotations.Nullable;

/** Cancels an execution: running tasks are canceled, timers dropped, nothing new starts. */
public record CancelExecution(String messageId, String execId, @Nullable String reason)
    implements EngineCommand {}
