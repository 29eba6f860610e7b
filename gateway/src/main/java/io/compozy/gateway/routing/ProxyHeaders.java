package io.compozy.gateway.routing;

import io.compozy.gateway.auth.ApiKeyPrincipal;
import io.compozy.support.security.Caller;
import io.compozy.support.security.InternalTokens;
import io.compozy.support.web.RequestIds;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import java.util.AbstractSet;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.support.Netty4HeadersAdapter;
import org.springframework.web.server.ServerWebExchange;

/**
 * The headers a proxied request and its answer carry, each decided in one pass. Towards a service
 * ({@link Request}): hop-by-hop headers (and those the {@code Connection} header names), {@code
 * Forwarded}, {@code X-Forwarded-*} and every {@code X-Compozy-*} header a client sent are dropped
 * (unless trusted proxies are configured: then Spring Cloud Gateway's own filters write them), and
 * so is the client's {@code Authorization} (the API key stays at the gateway); then the request id
 * and a service token for the caller ({@link InternalTokens}) are set, so only the gateway can say
 * who a call is for. Back to the client ({@link Response}): hop-by-hop headers are dropped. {@link
 * ServiceCallFilter} writes both straight into the Netty headers that go out.
 *
 * <p>These stand in for Spring Cloud Gateway's RemoveHopByHop, RemoveForwarded and RemoveXForwarded
 * header filters (see {@link ProxyHeadersConfiguration}): each of those copied every header into a
 * new case-insensitive map, four copies per request with ours.
 */
final class ProxyHeaders {
  /** The issuer of the service tokens the gateway signs. */
  static final String ISSUER = "gateway";

  private static final String OURS = "x-compozy-";
  private static final String X_FORWARDED = "x-forwarded-";

  /** RFC 9110's connection-specific headers, with the proxy ones and {@code upgrade}; any case. */
  private static final Set<String> HOP_BY_HOP =
      caseInsensitive(
          "connection",
          "keep-alive",
          "transfer-encoding",
          "te",
          "trailer",
          "proxy-authorization",
          "proxy-authenticate",
          "proxy-connection",
          "upgrade",
          "x-application-context");

  private ProxyHeaders() {}

  private static Set<String> caseInsensitive(String... names) {
    Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    set.addAll(List.of(names));
    return Collections.unmodifiableSet(set);
  }

  /** What a service receives, written straight into the request Reactor Netty's client sends. */
  static final class Request {
    private final boolean dropForwarded;
    private final InternalTokens tokens;

    Request(boolean dropForwarded, InternalTokens tokens) {
      this.dropForwarded = dropForwarded;
      this.tokens = tokens;
    }

    /**
     * Copies the client's headers that may pass into {@code target}, replacing what the client
     * library put there by default (its Accept and User-Agent), except {@code Host}, which stays
     * the service's unless {@code preserveHost}; then sets the request id and the caller's
     * identity.
     */
    void write(
        HttpHeaders input,
        ServerWebExchange exchange,
        boolean preserveHost,
        io.netty.handler.codec.http.HttpHeaders target) {
      Set<String> named = namedByConnection(input);
      input.forEach(
          (name, values) -> {
            if (!name.equalsIgnoreCase(HttpHeaders.HOST)
                && !name.equalsIgnoreCase(HttpHeaders.AUTHORIZATION)
                && !hopByHop(name, named)
                && !startsWithIgnoringCase(name, OURS)
                && !(dropForwarded && forwarded(name))) {
              target.set(name, values);
            }
          });
      if (preserveHost) {
        String host = input.getFirst(HttpHeaders.HOST);
        if (host != null) {
          target.set(HttpHeaders.HOST, host);
        }
      }
      String requestId = RequestIds.of(exchange);
      target.set(RequestIds.HEADER, requestId);
      target.set(HttpHeaders.AUTHORIZATION, tokens.bearer(caller(exchange, requestId)));
    }

    /** The key's user, or anonymous on the routes that need no key. */
    private static Caller caller(ServerWebExchange exchange, String requestId) {
      ApiKeyPrincipal principal = ApiKeyPrincipal.of(exchange);
      return principal == null
          ? new Caller(Caller.ANONYMOUS, null, null, requestId, ISSUER)
          : new Caller(
              principal.userId(),
              principal.keyId(),
              principal.role().wireName(),
              requestId,
              ISSUER);
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
      input.forEach(
          (name, values) -> {
            if (!hopByHop(name, named)) {
              kept.addAll(name, values);
            }
          });
      return kept;
    }

    /**
     * Adds a service's answer headers to the client's answer, without the hop-by-hop ones, and
     * returns the names it added (a view, listed only if a retry has to take them back).
     */
    static Set<String> copy(io.netty.handler.codec.http.HttpHeaders source, HttpHeaders target) {
      Set<String> named = namedByConnection(source.getAll(HttpHeaders.CONNECTION));
      for (Map.Entry<String, String> header : source) {
        if (!hopByHop(header.getKey(), named)) {
          target.add(header.getKey(), header.getValue());
        }
      }
      return new AddedNames(source, named);
    }

    @Override
    public int getOrder() {
      return Ordered.LOWEST_PRECEDENCE - 1;
    }
  }

  /** The names {@link Response#copy} added, found when asked. */
  private static final class AddedNames extends AbstractSet<String> {
    private final io.netty.handler.codec.http.HttpHeaders source;
    private final Set<String> namedByConnection;

    AddedNames(io.netty.handler.codec.http.HttpHeaders source, Set<String> namedByConnection) {
      this.source = source;
      this.namedByConnection = namedByConnection;
    }

    private Set<String> names() {
      Set<String> names = new LinkedHashSet<>();
      for (String name : source.names()) {
        if (!hopByHop(name, namedByConnection)) {
          names.add(name);
        }
      }
      return names;
    }

    @Override
    public Iterator<String> iterator() {
      return names().iterator();
    }

    @Override
    public int size() {
      return names().size();
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

  private static boolean forwarded(String name) {
    return name.equalsIgnoreCase("forwarded") || startsWithIgnoringCase(name, X_FORWARDED);
  }

  private static boolean startsWithIgnoringCase(String name, String prefix) {
    return name.regionMatches(true, 0, prefix, 0, prefix.length());
  }

  /** Whether a header concerns one hop only; {@code namedByConnection} is lower-cased. */
  private static boolean hopByHop(String name, Set<String> namedByConnection) {
    return HOP_BY_HOP.contains(name)
        || !namedByConnection.isEmpty()
            && namedByConnection.contains(name.toLowerCase(Locale.ROOT));
  }

  /** Netty's header map: case-insensitive without lower-casing every name into a copy. */
  private static HttpHeaders nettyHeaders() {
    return new HttpHeaders(
        new Netty4HeadersAdapter(
            DefaultHttpHeadersFactory.headersFactory().withValidation(false).newHeaders()));
  }

  /** The headers a {@code Connection} header names as connection-specific, lower-cased. */
  private static Set<String> namedByConnection(HttpHeaders headers) {
    return namedByConnection(headers.getConnection());
  }

  private static Set<String> namedByConnection(List<String> connection) {
    if (connection.isEmpty()) {
      return Set.of();
    }
    Set<String> named = new HashSet<>();
    for (String value : connection) {
      for (String name : value.split(",")) {
        if (!name.isBlank()) {
          named.add(name.trim().toLowerCase(Locale.ROOT));
        }
      }
    }
    return named;
  }
}
