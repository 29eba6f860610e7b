package io.compozy.gateway.routing;

import io.compozy.gateway.auth.ApiKeyPrincipal;
import io.compozy.support.web.RequestIds;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.support.Netty4HeadersAdapter;
import org.springframework.web.server.ServerWebExchange;

/**
 * The headers a proxied request and its answer carry, each decided in one pass. Towards a service
 * ({@link Request}): hop-by-hop headers (and those the {@code Connection} header names),
 * {@code Forwarded}, {@code X-Forwarded-*} and every {@code X-Compozy-*} header a client sent are
 * dropped (unless trusted proxies are configured: then Spring Cloud Gateway's own filters write
 * them), then the request id and the caller's identity are set, so only the gateway can set them.
 * Back to the client ({@link Response}): hop-by-hop headers are dropped.
 *
 * <p>These stand in for Spring Cloud Gateway's RemoveHopByHop, RemoveForwarded and RemoveXForwarded
 * header filters (see {@link ProxyHeadersConfiguration}): each of those copied every header into a
 * new case-insensitive map, four copies per request with ours.
 */
final class ProxyHeaders {
  static final String USER = "X-Compozy-User-Id";
  static final String ROLE = "X-Compozy-Role";
  static final String KEY = "X-Compozy-Key-Id";
  private static final String OURS = "x-compozy-";
  private static final String X_FORWARDED = "x-forwarded-";
  /** RFC 9110's connection-specific headers, with the proxy ones and {@code upgrade}. */
  private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "transfer-encoding", "te", "trailer",
      "proxy-authorization", "proxy-authenticate", "proxy-connection", "upgrade", "x-application-context");

  private ProxyHeaders() {}

  /** What a service receives. */
  static final class Request implements HttpHeadersFilter, Ordered {
    private final boolean dropForwarded;

    Request(boolean dropForwarded) {
      this.dropForwarded = dropForwarded;
    }

    @Override
    public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
      Set<String> named = namedByConnection(input);
      HttpHeaders kept = nettyHeaders();
      input.forEach((name, values) -> {
        String lower = name.toLowerCase(Locale.ROOT);
        if (!hopByHop(lower, named) && !lower.startsWith(OURS) && !(dropForwarded && forwarded(lower))) {
          kept.addAll(name, values);
        }
      });
      kept.set(RequestIds.HEADER, RequestIds.of(exchange));
      ApiKeyPrincipal principal = ApiKeyPrincipal.of(exchange);
      if (principal != null) {
        kept.set(USER, principal.userId());
        kept.set(ROLE, principal.role().wireName());
        kept.set(KEY, principal.keyId());
      }
      return kept;
    }

    @Override
    public int getOrder() {
      return Ordered.LOWEST_PRECEDENCE - 1;
    }
  }

  /** What the client receives of a service's answer. */
  static final class Response implements HttpHeadersFilter, Ordered {
    @Override
    public boolean supports(Type type) {
      return type == Type.RESPONSE;
    }

    @Override
    public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
      Set<String> named = namedByConnection(input);
      if (named.isEmpty() && noneOf(HOP_BY_HOP, input)) {
        // the usual answer: passed on as it is (listing its names would copy them all)
        return input;
      }
      HttpHeaders kept = nettyHeaders();
      input.forEach((name, values) -> {
        if (!hopByHop(name.toLowerCase(Locale.ROOT), named)) {
          kept.addAll(name, values);
        }
      });
      return kept;
    }

    @Override
    public int getOrder() {
      return Ordered.LOWEST_PRECEDENCE - 1;
    }
  }

  private static boolean noneOf(Set<String> names, HttpHeaders headers) {
    for (String name : names) {
      if (headers.containsHeader(name)) {
        return false;
      }
    }
    return true;
  }

  private static boolean forwarded(String lowerCaseName) {
    return lowerCaseName.equals("forwarded") || lowerCaseName.startsWith(X_FORWARDED);
  }

  private static boolean hopByHop(String lowerCaseName, Set<String> namedByConnection) {
    return HOP_BY_HOP.contains(lowerCaseName) || namedByConnection.contains(lowerCaseName);
  }

  /** Netty's header map: case-insensitive without lower-casing every name into a copy. */
  private static HttpHeaders nettyHeaders() {
    return new HttpHeaders(new Netty4HeadersAdapter(DefaultHttpHeadersFactory.headersFactory().withValidation(false).newHeaders()));
  }

  /** The headers a {@code Connection} header names as connection-specific, lower-cased. */
  private static Set<String> namedByConnection(HttpHeaders headers) {
    List<String> connection = headers.getConnection();
    if (connection.isEmpty()) {
      return Set.of();
    }
    Set<String> named = new HashSet<>();
    for (String name : connection) {
      named.add(name.trim().toLowerCase(Locale.ROOT));
    }
    return named;
  }
}
