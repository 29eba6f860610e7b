package io.compozy.gateway.auth;

import io.r2dbc.spi.Readable;
import java.time.OffsetDateTime;
import org.jspecify.annotations.Nullable;

/** An API key as the API shows it: never the secret, only its display prefix. */
public record KeyView(
    String id,
    String userId,
    @Nullable String name,
    String prefix,
    @Nullable String role,
    OffsetDateTime createdAt,
    @Nullable OffsetDateTime expiresAt,
    @Nullable OffsetDateTime revokedAt,
    @Nullable OffsetDateTime lastUsedAt,
    @Nullable RateLimitView rateLimit) {

  /** A key's own rate limit, in requests per second with a burst. */
  public record RateLimitView(double rate, int burst) {}

  static KeyView from(Readable r) {
    Double rate = r.get("rate_limit", Double.class);
    Integer burst = r.get("rate_burst", Integer.class);
    return new KeyView(
        r.get("key_id", String.class),
        r.get("user_id", String.class),
        r.get("name", String.class),
        r.get("prefix", String.class) + "…",
        r.get("role", String.class),
        r.get("created_at", OffsetDateTime.class),
        r.get("expires_at", OffsetDateTime.class),
        r.get("revoked_at", OffsetDateTime.class),
        r.get("last_used_at", OffsetDateTime.class),
        rate == null
            ? null
            : new RateLimitView(rate, burst == null ? (int) Math.ceil(rate) : burst));
  }
}
