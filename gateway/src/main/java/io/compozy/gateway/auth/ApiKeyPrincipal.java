package io.compozy.gateway.auth;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.web.server.ServerWebExchange;

/**
 * Who a verified API key speaks for: the user, the key's effective role, the key, the key's own
 * rate limit when an admin gave it one, and when the key expires (null: never).
 */
public record ApiKeyPrincipal(
    String userId,
    Role role,
    String keyId,
    @Nullable RateOverride rateLimit,
    @Nullable Instant expiresAt) {
  private static final String ATTRIBUTE = ApiKeyPrincipal.class.getName();

  /** A per-key rate: tokens per second and bucket size. */
  public record RateOverride(double rate, int burst) {
    /** Neither the rate nor the burst is above the other's. */
    public boolean isWithin(RateOverride other) {
      return rate <= other.rate && burst <= other.burst;
    }
  }

  /**
   * The caller of a request whose key was verified, or null. Kept on the exchange (not only in the
   * reactive security context) so the rate limiter and the proxied headers read it without a
   * lookup.
   */
  public static @Nullable ApiKeyPrincipal of(ServerWebExchange exchange) {
    return exchange.getAttribute(ATTRIBUTE);
  }

  void attachTo(ServerWebExchange exchange) {
    exchange.getAttributes().put(ATTRIBUTE, this);
  }
}
