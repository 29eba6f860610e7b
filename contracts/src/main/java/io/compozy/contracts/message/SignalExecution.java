package io.compozy.contracts.message;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** Delivers a named signal with a payload to the execution's wait tasks. */
public record SignalExecution(
    String messageId, String execId, String name, @Nullable Object payload, Instant sentAt)
    implements EngineCommand {}
