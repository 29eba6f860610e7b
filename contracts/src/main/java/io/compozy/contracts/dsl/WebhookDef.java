package io.compozy.contracts.dsl;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A webhook trigger's shape ({@code triggers: [{type: webhook, webhook: {...}}]}): its slug and
 * method, how signatures are verified, how repeated deliveries are recognized, and the events it
 * maps to a start (first matching wins). The workflow keeps the block as written; this record is
 * what it is checked against.
 */
public record WebhookDef(
    String slug,
    @Nullable String method,
    @Nullable Verify verify,
    @Nullable Dedupe dedupe,
    List<Event> events) {

  /**
   * {@code strategy}: none, hmac, github or stripe; {@code secret} may be a template over {@code
   * .env}.
   */
  public record Verify(
      @Nullable String strategy,
      @Nullable String secret,
      @Nullable String header,
      @Nullable String tolerance) {}

  /**
   * {@code key}: a template over the delivery (default the {@code X-Idempotency-Key} header);
   * {@code ttl}: how long it is remembered.
   */
  public record Dedupe(@Nullable Boolean enabled, @Nullable String ttl, @Nullable String key) {}

  /**
   * An event: its name, a CEL {@code filter} on payload, headers and query, the workflow {@code
   * input} templates and a schema.
   */
  public record Event(
      String name,
      @Nullable String filter,
      @Nullable Map<String, Object> input,
      @Nullable Object schema) {}
}
