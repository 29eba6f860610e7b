package io.compozy.support.outbox;

import org.jspecify.annotations.Nullable;

/**
 * A message to publish once the transaction that wrote it commits; {@code traceparent} (W3C) is the
 * span it continues, sent as the record's header (null: the span the writing request runs in, if
 * any).
 */
public record OutboxMessage(
    String topic, String key, String messageId, String payload, @Nullable String traceparent) {

  public OutboxMessage(String topic, String key, String messageId, String payload) {
    this(topic, key, messageId, payload, null);
  }

  OutboxMessage orTraceparent(@Nullable String fallback) {
    return traceparent != null || fallback == null
        ? this
        : new OutboxMessage(topic, key, messageId, payload, fallback);
  }
}
