package io.compozy.gateway.auth;

import java.time.Clock;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import reactor.core.publisher.Mono;

/**
 * Verifies a key by looking up its keyed hash, so no secret is ever compared byte by byte: unknown,
 * revoked, expired and malformed keys are all hashed and looked up the same way, and fail the same
 * way.
 */
final class ApiKeyAuthenticationManager implements ReactiveAuthenticationManager {
  private final KeyCache cache;
  private final ApiKeys keys;
  private final KeyUsage usage;
  private final Clock clock;

  ApiKeyAuthenticationManager(KeyCache cache, ApiKeys keys, KeyUsage usage, Clock clock) {
    this.cache = cache;
    this.keys = keys;
    this.usage = usage;
    this.clock = clock;
  }

  @Override
  public Mono<Authentication> authenticate(Authentication authentication) {
    String key = String.valueOf(authentication.getCredentials());
    return cache
        .find(keys.hash(key))
        .filter(k -> k.validAt(clock.instant()))
        .doOnNext(k -> usage.used(k.principal().keyId(), clock.instant()))
        .<Authentication>map(k -> ApiKeyAuthentication.verified(k.principal()))
        .switchIfEmpty(
            Mono.error(() -> new BadCredentialsException("unknown, revoked or expired API key")));
  }
}
