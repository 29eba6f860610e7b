package io.compozy.gateway.auth;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Reads {@code Authorization: Bearer <key>} (scheme case-insensitive). No header means anonymous; a
 * header of another shape is malformed (400), not merely unauthenticated.
 */
final class BearerKeyConverter implements ServerAuthenticationConverter {
  private static final String SCHEME = "bearer ";

  /** The Authorization header is present but is not a bearer credential. */
  static final class MalformedAuthorization extends AuthenticationException {
    private static final long serialVersionUID = 1L;

    MalformedAuthorization(String message) {
      super(message);
    }
  }

  @Override
  public Mono<Authentication> convert(ServerWebExchange exchange) {
    List<String> headers = exchange.getRequest().getHeaders().getOrEmpty(HttpHeaders.AUTHORIZATION);
    if (headers.isEmpty()) {
      return Mono.empty();
    }
    if (headers.size() > 1) {
      // which one a proxy or a service would read differs: refuse instead of picking one
      return Mono.error(
          new MalformedAuthorization("send one Authorization header, not " + headers.size()));
    }
    String header = headers.getFirst();
    String key = keyOf(header);
    if (key == null) {
      return Mono.error(
          new MalformedAuthorization("the Authorization header must be 'Bearer <api key>'"));
    }
    return Mono.just(ApiKeyAuthentication.unverified(key));
  }

  /**
   * The credential of {@code Bearer <key>}: the scheme in any case, one or more spaces, the key (no
   * whitespace), optional trailing whitespace; null for any other shape.
   */
  static @Nullable String keyOf(String header) {
    if (!header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      return null;
    }
    int start = SCHEME.length();
    while (start < header.length() && header.charAt(start) == ' ') {
      start++;
    }
    int end = start;
    while (end < header.length() && !whitespace(header.charAt(end))) {
      end++;
    }
    for (int i = end; i < header.length(); i++) {
      if (!whitespace(header.charAt(i))) {
        return null;
      }
    }
    return end > start ? header.substring(start, end) : null;
  }

  /** What {@code \s} of a regular expression matches. */
  private static boolean whitespace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == 0x0b || c == '\f' || c == '\r';
  }
}
