package io.compozy.support.security;

import org.jspecify.annotations.Nullable;

/**
 * Who a service call is for, as the signing side vouched: the user (or {@link #ANONYMOUS} on the
 * routes that need no key, or the signing service's name for its own calls), the API key and its
 * role, the request id, and which service signed.
 */
public record Caller(
    String userId,
    @Nullable String keyId,
    @Nullable String role,
    @Nullable String requestId,
    String issuer) {
  /** The user of calls on routes that need no key (webhooks). */
  public static final String ANONYMOUS = "anonymous";

  /** A service's own call, not made for any user. */
  public static Caller service(String name) {
    return new Caller(name, null, null, null, name);
  }
}
