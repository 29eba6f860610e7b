package io.compozy.gateway.auth;

import java.time.Clock;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import reactor.core.publisher.Mono;

/**
 * Verifies a key by looking up its keyed hash. Unknown, revoked and expired keys all fail the
 * same way, and a key of the wrong shape is hashed and looked up too, so their timing matches.
 */
final class ApiKeyAuthenticationManager implements ReactiveAuthenticationManager {
  private final ApiKeyStore store;
  private final ApiKeys keys;
  private final Clock clock;

  ApiKeyAuthenticationManager(ApiKeyStore store, ApiKeys keys, Clock clock) {
    this.store = store;
    this.keys = keys;
    this.clock = clock;
  }

  @Override
  public Mono<Authentication> authenticate(Authentication authentication) {
    String key = String.valueOf(authentication.getCredentials());
    return store.find(keys.hash(key), clock.instant())
        .<Authentication>map(ApiKeyAuthentication::verified)
        .switchIfEmpty(Mono.error(() -> new BadCredentialsException("unknown, revoked or expired API key")));
  }
}
