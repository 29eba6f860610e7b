package io.compozy.gateway.auth;

import java.time.Instant;

/**
 * A key found valid in the store; its expiry rides along so a cached copy stops working on time.
 */
record VerifiedKey(ApiKeyPrincipal principal) {
  boolean validAt(Instant now) {
    Instant expiresAt = principal.expiresAt();
    return expiresAt == null || expiresAt.isAfter(now);
  }

  /** One line for the Redis cache: fields are ids, a role and numbers, none holds a tab. */
  String encode() {
    ApiKeyPrincipal.RateOverride rate = principal.rateLimit();
    Instant expiresAt = principal.expiresAt();
    return String.join(
        "\t",
        principal.userId(),
        principal.keyId(),
        principal.role().wireName(),
        expiresAt == null ? "-" : Long.toString(expiresAt.toEpochMilli()),
        rate == null ? "-" : Double.toString(rate.rate()),
        rate == null ? "-" : Integer.toString(rate.burst()));
  }

  static VerifiedKey decode(String line) {
    String[] f = line.split("\t", -1);
    ApiKeyPrincipal.RateOverride rate =
        f[4].equals("-")
            ? null
            : new ApiKeyPrincipal.RateOverride(Double.parseDouble(f[4]), Integer.parseInt(f[5]));
    return new VerifiedKey(
        new ApiKeyPrincipal(
            f[0],
            Role.fromWire(f[2]),
            f[1],
            rate,
            f[3].equals("-") ? null : Instant.ofEpochMilli(Long.parseLong(f[3]))));
  }
}
