package io.compozy.gateway.auth;

import io.compozy.support.problem.ApiProblem;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What a key may give a key it creates: never more than itself. The new key's role, expiry and rate
 * limit are at most the calling key's (its effective role, not its user's); what the request leaves
 * out is the caller's own. Only an admin key creates keys for other users or sets a rate limit.
 * Pure: the controller supplies the caller, the owner's role and the request.
 */
final class KeyGrant {
  private KeyGrant() {}

  /** What was asked for; null fields were left out. */
  record Request(
      @Nullable Role role,
      @Nullable Instant expiresAt,
      ApiKeyPrincipal.@Nullable RateOverride rate,
      boolean forOther) {}

  /** What the new key gets; a null role follows its user's role. */
  record Granted(
      @Nullable Role role,
      @Nullable Instant expiresAt,
      ApiKeyPrincipal.@Nullable RateOverride rate) {}

  /** Checks the request before anything is read: who the key is for, and whether it sets a rate. */
  static void checkAllowedToAsk(ApiKeyPrincipal caller, Request request) {
    if (request.forOther() && !caller.role().covers(Role.ADMIN)) {
      throw forbidden("creating a key for another user needs an admin key", "user_id");
    }
    if (request.rate() != null && !caller.role().covers(Role.ADMIN)) {
      throw forbidden("setting a key's rate_limit needs an admin key", "rate_limit");
    }
  }

  static Granted grant(ApiKeyPrincipal caller, Role ownerRole, Request request) {
    checkAllowedToAsk(caller, request);
    return new Granted(
        role(caller, ownerRole, request), expiry(caller, request), rate(caller, request));
  }

  private static @Nullable Role role(ApiKeyPrincipal caller, Role ownerRole, Request request) {
    Role asked = request.role();
    if (asked == null) {
      // for oneself the caller's own (narrowed) role, fixed so a later promotion of the user does
      // not
      // widen it; for another user (the caller is an admin key) that user's role, whatever it
      // becomes
      return request.forOther() ? null : caller.role();
    }
    if (!caller.role().covers(asked)) {
      throw forbidden(
          "a key cannot create a key with more than its own role ("
              + caller.role().wireName()
              + ")",
          "role");
    }
    if (!ownerRole.covers(asked)) {
      throw forbidden(
          "a key cannot have more than its user's role (" + ownerRole.wireName() + ")", "role");
    }
    return asked;
  }

  private static @Nullable Instant expiry(ApiKeyPrincipal caller, Request request) {
    Instant own = caller.expiresAt();
    Instant asked = request.expiresAt();
    if (own == null) {
      return asked;
    }
    if (asked == null) {
      return own;
    }
    if (asked.isAfter(own)) {
      throw forbidden("a key cannot outlive the key that creates it (" + own + ")", "expires_at");
    }
    return asked;
  }

  private static ApiKeyPrincipal.@Nullable RateOverride rate(
      ApiKeyPrincipal caller, Request request) {
    var own = caller.rateLimit();
    var asked = request.rate();
    if (own == null) {
      return asked;
    }
    if (asked == null) {
      return own;
    }
    if (!asked.isWithin(own)) {
      throw forbidden(
          "a key cannot have a higher rate limit than the key that creates it ("
              + own.rate()
              + "/s, burst "
              + own.burst()
              + ")",
          "rate_limit");
    }
    return asked;
  }

  /**
   * Whether the caller may revoke a key whose effective role is {@code target}: itself always, else
   * a key no stronger.
   */
  static boolean mayRevoke(ApiKeyPrincipal caller, String keyId, String keyOwner, Role target) {
    if (keyId.equals(caller.keyId())) {
      return true;
    }
    if (!keyOwner.equals(caller.userId())) {
      return caller.role().covers(Role.ADMIN);
    }
    return caller.role().covers(target);
  }

  static ApiProblem forbidden(String detail, String field) {
    return ApiKeysController.forbidden(detail).with("field", field);
  }
}
