package io.compozy.gateway.routing;

import io.compozy.gateway.auth.ApiKeyPrincipal;
import io.compozy.support.web.RequestIds;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Passes the caller's identity and the request id to the services, in the headers of the proxied
 * request. Identity headers a client sent are dropped first, so only the gateway can set them.
 */
@Component
class IdentityHeadersFilter implements HttpHeadersFilter {
  static final String USER = "X-Compozy-User-Id";
  static final String ROLE = "X-Compozy-Role";
  static final String KEY = "X-Compozy-Key-Id";
  private static final String OURS = "X-Compozy-";

  @Override
  public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
    HttpHeaders filtered = new HttpHeaders();
    input.forEach((name, values) -> {
      if (!name.regionMatches(true, 0, OURS, 0, OURS.length())) {
        filtered.addAll(name, values);
      }
    });
    filtered.set(RequestIds.HEADER, RequestIds.of(exchange));
    ApiKeyPrincipal principal = ApiKeyPrincipal.of(exchange);
    if (principal != null) {
      filtered.set(USER, principal.userId());
      filtered.set(ROLE, principal.role().wireName());
      filtered.set(KEY, principal.keyId());
    }
    return filtered;
  }
}
