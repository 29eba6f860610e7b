package io.compozy.gateway.routing;

import static org.springframework.cloud.gateway.support.RouteMetadataUtils.CONNECT_TIMEOUT_ATTR;
import static org.springframework.cloud.gateway.support.RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.CLIENT_RESPONSE_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.CLIENT_RESPONSE_CONN_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.CLIENT_RESPONSE_HEADER_NAMES;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.ORIGINAL_RESPONSE_CONTENT_TYPE_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.PRESERVE_HOST_HEADER_ATTRIBUTE;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.isAlreadyRouted;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.setAlreadyRouted;

import io.compozy.support.tracing.TraceparentHeader;
import io.micrometer.tracing.Span;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpMethod;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.NettyRoutingFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.TimeoutException;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.NettyDataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientResponse;

/**
 * Sends a routed request to its service and puts the service's status and headers on the answer;
 * Spring Cloud Gateway's NettyWriteResponseFilter then relays the body. It stands in for the
 * gateway's NettyRoutingFilter (turned off in gateway.yml) and keeps its contract: the same
 * exchange attributes (so Retry can take an answer back), the route's {@code connect-timeout} and
 * {@code response-timeout} metadata over the global ones, a 504 when the service does not answer in
 * time, other header filters applied.
 *
 * <p>What it does not do per request, which the gateway's filter did: copy the client's headers
 * three times (into a header map, into Netty's, into the client's configuration) and the service's
 * twice, copy the client's whole configuration four times, and parse the service's URL again with a
 * regular expression; and it takes its connection from the pool of the event loop the call is
 * served on ({@link EventLoopClients}).
 */
final class ServiceCallFilter implements GlobalFilter, Ordered {
  private final EventLoopClients clients;
  private final HttpClientProperties properties;
  private final ProxyHeaders.Request requestHeaders;
  private final ProxySpans spans;
  private final List<HttpHeadersFilter> requestFilters;
  private final List<HttpHeadersFilter> responseFilters;
  private final Map<String, RouteSettings> settings = new ConcurrentHashMap<>();

  /**
   * {@code headersFilters} are the application's other header filters (Spring Cloud Gateway's and
   * {@link ProxyHeaders.Response}); the request's headers go through them before {@code
   * requestHeaders}, the answer's through them all.
   */
  ServiceCallFilter(
      EventLoopClients clients,
      HttpClientProperties properties,
      ProxyHeaders.Request requestHeaders,
      List<HttpHeadersFilter> headersFilters,
      ProxySpans spans) {
    this.spans = spans;
    this.clients = clients;
    this.properties = properties;
    this.requestHeaders = requestHeaders;
    this.requestFilters =
        headersFilters.stream().filter(f -> f.supports(HttpHeadersFilter.Type.REQUEST)).toList();
    this.responseFilters =
        headersFilters.stream().filter(f -> f.supports(HttpHeadersFilter.Type.RESPONSE)).toList();
  }

  @Override
  public int getOrder() {
    return NettyRoutingFilter.ORDER;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
    URI url = exchange.getRequiredAttribute(GATEWAY_REQUEST_URL_ATTR);
    String scheme = url.getScheme();
    if (isAlreadyRouted(exchange)
        || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
      return chain.filter(exchange);
    }
    setAlreadyRouted(exchange);
    Route route = exchange.getRequiredAttribute(GATEWAY_ROUTE_ATTR);
    RouteSettings timeouts = settingsOf(route);
    ServerHttpRequest request = exchange.getRequest();
    HttpHeaders incoming =
        requestFilters.isEmpty()
            ? request.getHeaders()
            : HttpHeadersFilter.filterRequest(requestFilters, exchange);
    boolean preserveHost = exchange.getAttributeOrDefault(PRESERVE_HOST_HEADER_ATTRIBUTE, false);

    Span span = spans.start(exchange, route.getId());
    HttpClient client = clients.on(servingLoop(request));
    if (timeouts.connectTimeoutMillis() != null) {
      client = client.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, timeouts.connectTimeoutMillis());
    }
    Flux<HttpClientResponse> answer =
        client
            .request(HttpMethod.valueOf(request.getMethod().name()))
            .uri(url)
            .send(
                (out, outbound) -> {
                  requestHeaders.write(incoming, exchange, preserveHost, out.requestHeaders());
                  spans.inject(span, out.requestHeaders());
                  return outbound.send(request.getBody().map(ServiceCallFilter::byteBuf));
                })
            .responseConnection(
                (in, connection) -> {
                  relayStatusAndHeaders(in, connection, exchange);
                  return Mono.just(in);
                })
            .doOnDiscard(Connection.class, Connection::dispose);
    Duration timeout = timeouts.responseTimeout();
    if (timeout != null) {
      answer =
          answer
              .timeout(
                  timeout,
                  Mono.error(
                      () -> new TimeoutException("Response took longer than timeout: " + timeout)))
              .onErrorMap(
                  TimeoutException.class,
                  e -> new ResponseStatusException(HttpStatus.GATEWAY_TIMEOUT, e.getMessage(), e));
    }
    return answer
        .then(chain.filter(exchange))
        .doOnError(e -> ProxySpans.end(span, exchange, e))
        .doOnSuccess(v -> ProxySpans.end(span, exchange, null))
        .doOnCancel(() -> ProxySpans.end(span, exchange, null));
  }

  private void relayStatusAndHeaders(
      HttpClientResponse in, Connection connection, ServerWebExchange exchange) {
    Map<String, Object> attributes = exchange.getAttributes();
    attributes.put(CLIENT_RESPONSE_ATTR, in);
    attributes.put(CLIENT_RESPONSE_CONN_ATTR, connection);
    ServerHttpResponse response = exchange.getResponse();
    response.setStatusCode(HttpStatusCode.valueOf(in.status().code()));
    String contentType = in.responseHeaders().get(HttpHeaders.CONTENT_TYPE);
    if (contentType != null && !contentType.isEmpty()) {
      attributes.put(ORIGINAL_RESPONSE_CONTENT_TYPE_ATTR, contentType);
    }
    HttpHeaders target = response.getHeaders();
    Set<String> added;
    boolean contentLength;
    if (responseFilters.size() == 1
        && responseFilters.getFirst() instanceof ProxyHeaders.Response) {
      added = ProxyHeaders.Response.copy(in.responseHeaders(), target);
      contentLength = in.responseHeaders().contains(HttpHeaders.CONTENT_LENGTH);
    } else {
      HttpHeaders copied = new HttpHeaders();
      in.responseHeaders().forEach(header -> copied.add(header.getKey(), header.getValue()));
      HttpHeaders filtered =
          HttpHeadersFilter.filter(
              responseFilters, copied, exchange, HttpHeadersFilter.Type.RESPONSE);
      target.addAll(filtered);
      added = filtered.headerNames();
      contentLength = filtered.containsHeader(HttpHeaders.CONTENT_LENGTH);
    }
    // hop-by-hop headers (Transfer-Encoding among them) do not pass: a length decides the framing
    if (contentLength) {
      target.remove(HttpHeaders.TRANSFER_ENCODING);
    }
    // the caller's trace starts at the gateway's span, not at the service's
    String traceparent = TraceparentHeader.of(exchange);
    if (traceparent != null) {
      target.set(TraceparentHeader.HEADER, traceparent);
    }
    attributes.put(CLIENT_RESPONSE_HEADER_NAMES, added);
  }

  private RouteSettings settingsOf(Route route) {
    RouteSettings known = settings.get(route.getId());
    if (known != null && known.route() == route) {
      return known;
    }
    RouteSettings fresh = RouteSettings.of(route, properties);
    settings.put(route.getId(), fresh);
    return fresh;
  }

  /** The event loop of the client's connection, when the request came in over Reactor Netty. */
  private static @Nullable EventLoop servingLoop(ServerHttpRequest request) {
    try {
      Object nativeRequest = ServerHttpRequestDecorator.getNativeRequest(request);
      return nativeRequest instanceof Connection connection
          ? connection.channel().eventLoop()
          : null;
    } catch (IllegalArgumentException | IllegalStateException notAServerRequest) {
      return null;
    }
  }

  private static ByteBuf byteBuf(DataBuffer buffer) {
    if (buffer instanceof NettyDataBuffer netty) {
      return netty.getNativeBuffer();
    }
    ByteBuffer copy = ByteBuffer.allocate(buffer.readableByteCount());
    buffer.toByteBuffer(copy);
    return Unpooled.wrappedBuffer(copy);
  }

  /**
   * A route's timeouts, read from its metadata once (a route is replaced, not changed, on refresh).
   */
  record RouteSettings(
      Route route, @Nullable Integer connectTimeoutMillis, @Nullable Duration responseTimeout) {
    static RouteSettings of(Route route, HttpClientProperties properties) {
      Map<String, Object> metadata = route.getMetadata();
      Object connect = metadata.get(CONNECT_TIMEOUT_ATTR);
      Integer connectTimeout = connect == null ? null : Integer.valueOf(connect.toString());
      Duration responseTimeout = properties.getResponseTimeout();
      if (metadata.containsKey(RESPONSE_TIMEOUT_ATTR)) {
        Object value = metadata.get(RESPONSE_TIMEOUT_ATTR);
        long millis =
            value instanceof Number n
                ? n.longValue()
                : value == null ? -1 : Long.parseLong(value.toString());
        // as the gateway's own filter: a negative value means no timeout for the route
        responseTimeout = millis >= 0 ? Duration.ofMillis(millis) : null;
      }
      return new RouteSettings(route, connectTimeout, responseTimeout);
    }
  }
}
