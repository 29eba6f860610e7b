package io.compozy.gateway.auth;

import org.jspecify.annotations.Nullable;

/**
 * Who a verified API key speaks for: the user, the key's effective role, the key, and the key's
 * own rate limit when an admin gave it one.
 */
public record ApiKeyPrincipal(String userId, Role role, String keyId, @Nullable RateOverride rateLimit) {
  /** A per-key rate: tokens per second and bucket size. */
  public record RateOverride(double rate, int burst) {}
}
