package io.compozy.contracts.message;

/**
 * A durable timer came due: {@code kind} says what for (retry, step_timeout, deadline,
 * container_timeout, wait_timeout, sleep), {@code path} which task, {@code attempt} which attempt
 * it was set for.
 */
public record TimerFired(
    String messageId, String execId, String timerId, String kind, String path, int attempt)
    implements EngineCommand {}
