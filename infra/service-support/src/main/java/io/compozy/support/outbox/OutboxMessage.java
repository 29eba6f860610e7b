package io.compozy.support.outbox;

/** A message to publish once the transaction that wrote it commits. */
public record OutboxMessage(String topic, String key, String messageId, String payload) {}
