package io.compozy.gateway.auth;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Reads {@code Authorization: Bearer <key>} (scheme case-insensitive). No header means anonymous;
 * a header of another shape is malformed (400), not merely unauthenticated.
 */
final class BearerKeyConverter implements ServerAuthenticationConverter {
  private static final Pattern BEARER = Pattern.compile("(?i)^bearer +([^\\s]+)\\s*$");

  /** The Authorization header is present but is not a bearer credential. */
  static final class MalformedAuthorization extends AuthenticationException {
    private static final long serialVersionUID = 1L;

    MalformedAuthorization(String message) {
      super(message);
    }
  }

  @Override
  public Mono<Authentication> convert(ServerWebExchange exchange) {
    String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
    if (header == null) {
      return Mono.empty();
    }
    Matcher m = BEARER.matcher(header);
    if (!m.matches()) {
      return Mono.error(new MalformedAuthorization("the Authorization header must be 'Bearer <api key>'"));
    }
    return Mono.just(ApiKeyAuthentication.unverified(m.group(1)));
  }
}
