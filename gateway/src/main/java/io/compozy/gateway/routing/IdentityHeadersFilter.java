package io.compozy.gateway.routing;

import io.compozy.gateway.auth.ApiKeyPrincipal;
import io.compozy.support.web.RequestIds;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Passes the caller's identity and the request id to the services. Identity headers a client sent
 * are removed first, so only the gateway can set them.
 */
@Component
class IdentityHeadersFilter implements GlobalFilter, Ordered {
  static final String USER = "X-Compozy-User-Id";
  static final String ROLE = "X-Compozy-Role";
  static final String KEY = "X-Compozy-Key-Id";

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
    return ReactiveSecurityContextHolder.getContext()
        .map(ctx -> ctx.getAuthentication() == null ? null : ctx.getAuthentication().getPrincipal())
        .filter(ApiKeyPrincipal.class::isInstance)
        .cast(ApiKeyPrincipal.class)
        .map(p -> withIdentity(exchange, p))
        .defaultIfEmpty(withIdentity(exchange, null))
        .flatMap(chain::filter);
  }

  private static ServerWebExchange withIdentity(ServerWebExchange exchange, ApiKeyPrincipal principal) {
    ServerHttpRequest request = exchange.getRequest().mutate().headers(h -> {
      h.headerNames().stream()
          .filter(name -> name.regionMatches(true, 0, "X-Compozy-", 0, 10))
          .toList()
          .forEach(h::remove);
      h.set(RequestIds.HEADER, RequestIds.of(exchange));
      if (principal != null) {
        h.set(USER, principal.userId());
        h.set(ROLE, principal.role().wireName());
        h.set(KEY, principal.keyId());
      }
    }).build();
    return exchange.mutate().request(request).build();
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }
}
