package io.compozy.gateway.auth;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import reactor.core.publisher.Mono;

/**
 * Decides each request from the {@link AccessTable} in one step (Spring Security's chain of path
 * matchers cost a reactive pipeline per pattern per request): granted when the path is public or
 * the verified key's role covers the role the path needs.
 */
final class RoleAuthorization implements ReactiveAuthorizationManager<AuthorizationContext> {
  private static final AuthorizationDecision GRANTED = new AuthorizationDecision(true);
  private static final AuthorizationDecision DENIED = new AuthorizationDecision(false);
  private static final Mono<AuthorizationResult> ALWAYS = Mono.just(GRANTED);
  private static final Mono<AuthorizationResult> NEVER = Mono.just(DENIED);

  @Override
  public Mono<AuthorizationResult> authorize(
      Mono<Authentication> authentication, AuthorizationContext context) {
    ServerHttpRequest request = context.getExchange().getRequest();
    AccessTable.Need need =
        AccessTable.need(request.getMethod(), request.getPath().pathWithinApplication());
    Role needed = need.role();
    if (needed == null) {
      return need == AccessTable.Need.NOTHING ? ALWAYS : NEVER;
    }
    return authentication
        .map(
            a ->
                a.isAuthenticated()
                        && a.getPrincipal() instanceof ApiKeyPrincipal p
                        && p.role().covers(needed)
                    ? GRANTED
                    : DENIED)
        .defaultIfEmpty(DENIED)
        .cast(AuthorizationResult.class);
  }
}
