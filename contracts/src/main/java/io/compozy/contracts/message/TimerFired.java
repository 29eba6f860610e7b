package io.compozy.contracts.message;

/**
 * A durable timer came due: {@code kind} says what for, {@code path} which task, {@code attempt}
 * which attempt it was set for.
 */
public record TimerFired(
    String messageId, String execId, String timerId, TimerKind kind, String path, int attempt)
    implements EngineCommand {}
