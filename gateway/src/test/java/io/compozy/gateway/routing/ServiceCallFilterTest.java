package io.compozy.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.CLIENT_RESPONSE_CONN_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.CLIENT_RESPONSE_HEADER_NAMES;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR;

import com.sun.net.httpserver.HttpServer;
import io.compozy.infra.embedded.TestInfrastructure;
import io.compozy.support.security.InternalTokens;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.NettyRoutingFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.cloud.gateway.filter.headers.RemoveHopByHopHeadersFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.http.client.HttpClient;

/**
 * The routing filter on its own, against a real HTTP server: timeouts and what it puts on the
 * answer.
 */
class ServiceCallFilterTest {
  private static HttpServer service;

  /**
   * Holds the answers of {@code /held} until the tests are over: a service that does not answer.
   */
  private static final CountDownLatch RELEASE = new CountDownLatch(1);

  private final ServiceCallFilter filter =
      new ServiceCallFilter(
          new EventLoopClients(HttpClient::create, HttpClient.create()),
          new HttpClientProperties(),
          new ProxyHeaders.Request(
              true, InternalTokens.of(TestInfrastructure.INTERNAL_SECRET, Duration.ofSeconds(10))),
          List.of(new ProxyHeaders.Response()),
          new ProxySpans(null, null));

  @BeforeAll
  static void startService() throws IOException {
    service = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    service.setExecutor(Executors.newCachedThreadPool());
    service.createContext(
        "/held",
        exchange -> {
          try {
            RELEASE.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    service.createContext(
        "/teapot",
        exchange -> {
          exchange.getResponseHeaders().set("X-Service", "kept");
          exchange.getResponseHeaders().set("Keep-Alive", "timeout=5");
          exchange.sendResponseHeaders(418, -1);
          exchange.close();
        });
    service.createContext(
        "/echo",
        exchange -> {
          // what the service saw of the client's headers comes back as X-Saw-*
          exchange
              .getRequestHeaders()
              .forEach(
                  (name, values) -> {
                    if (name.toLowerCase(Locale.ROOT).startsWith("x-client")
                        || CLIENT_HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                      exchange.getResponseHeaders().put("X-Saw-" + name, values);
                    }
                  });
          exchange.getResponseHeaders().set("X-Service", "kept");
          exchange.getResponseHeaders().set("Keep-Alive", "timeout=5");
          exchange.getResponseHeaders().set("Trailer", "X-Checksum");
          byte[] body = "made".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(201, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    service.start();
  }

  private static final Set<String> CLIENT_HOP_HEADERS =
      Set.of("keep-alive", "te", "trailer", "proxy-authorization", "upgrade");

  @AfterAll
  static void stopService() {
    RELEASE.countDown();
    service.stop(0);
  }

  @Test
  void aServiceThatDoesNotAnswerWithinTheRoutesResponseTimeoutIsAGatewayTimeout() {
    MockServerWebExchange exchange =
        routed("/held", Route.async().metadata("response-timeout", 300));
    assertThatThrownBy(
            () -> filter.filter(exchange, e -> Mono.empty()).block(Duration.ofSeconds(10)))
        .isInstanceOfSatisfying(
            ResponseStatusException.class,
            e -> assertThat(e.getStatusCode().value()).isEqualTo(504));
  }

  @Test
  void aRoutesResponseTimeoutWinsOverTheGlobalOneAndANegativeOneMeansNone() {
    HttpClientProperties properties = new HttpClientProperties();
    properties.setResponseTimeout(Duration.ofSeconds(330));
    URI url = URI.create("http://127.0.0.1:1/");
    assertThat(
            ServiceCallFilter.RouteSettings.of(route(url, Route.async()), properties)
                .responseTimeout())
        .isEqualTo(Duration.ofSeconds(330));
    assertThat(
            ServiceCallFilter.RouteSettings.of(
                    route(url, Route.async().metadata("response-timeout", 20000)), properties)
                .responseTimeout())
        .isEqualTo(Duration.ofSeconds(20));
    assertThat(
            ServiceCallFilter.RouteSettings.of(
                    route(url, Route.async().metadata("response-timeout", "-1")), properties)
                .responseTimeout())
        .isNull();
    assertThat(
            ServiceCallFilter.RouteSettings.of(
                    route(url, Route.async().metadata("connect-timeout", 500)), properties)
                .connectTimeoutMillis())
        .isEqualTo(500);
  }

  @Test
  void theServicesStatusAndHeadersAreOnTheAnswerWithoutItsHopByHopOnes() {
    MockServerWebExchange exchange = routed("/teapot", Route.async());
    filter.filter(exchange, e -> Mono.empty()).block(Duration.ofSeconds(10));
    assertThat(exchange.getResponse().getStatusCode().value()).isEqualTo(418);
    assertThat(exchange.getResponse().getHeaders().getFirst("X-Service")).isEqualTo("kept");
    assertThat(exchange.getResponse().getHeaders().containsHeader("Keep-Alive")).isFalse();
    // what a retry takes back from the answer before sending again
    Set<String> added = exchange.getRequiredAttribute(CLIENT_RESPONSE_HEADER_NAMES);
    assertThat(added)
        .anySatisfy(name -> assertThat(name).isEqualToIgnoringCase("X-Service"))
        .noneSatisfy(name -> assertThat(name).isEqualToIgnoringCase("Keep-Alive"));
    release(exchange);
  }

  /**
   * Our filter against Spring Cloud Gateway's own routing filter with its hop-by-hop header filter,
   * on the same request to the same service: the service sees the same client headers, and the
   * client gets the same status, headers and body (docs/benchmarks.md says what ours saves).
   */
  @Test
  void itPassesWhatSpringCloudGatewaysNettyRoutingFilterPasses() {
    NettyRoutingFilter spring =
        new NettyRoutingFilter(
            HttpClient.create(),
            new StaticListProvider<>(List.<HttpHeadersFilter>of(new RemoveHopByHopHeadersFilter())),
            new HttpClientProperties());
    Proxied ours = proxied(filter);
    assertThat(ours).isEqualTo(proxied(spring));
    assertThat(ours.status()).isEqualTo(201);
    assertThat(ours.body()).isEqualTo("made");
    assertThat(ours.headers())
        .containsEntry("X-Saw-X-client-one", List.of("1"))
        .containsEntry("X-Service", List.of("kept"))
        .doesNotContainKeys("X-Saw-Keep-alive", "X-Saw-Proxy-authorization", "Keep-Alive");
  }

  private record Proxied(int status, Map<String, List<String>> headers, String body) {}

  private static Proxied proxied(GlobalFilter routing) {
    URI url = URI.create("http://127.0.0.1:" + service.getAddress().getPort() + "/echo");
    MockServerWebExchange exchange =
        MockServerWebExchange.from(
            MockServerHttpRequest.get("/echo")
                .header("X-Client-One", "1")
                .header("X-Client-Two", "a", "b")
                .header("Keep-Alive", "timeout=9")
                .header("TE", "trailers")
                .header("Proxy-Authorization", "Basic c2VjcmV0")
                .header("Upgrade", "h2c"));
    exchange.getAttributes().put(GATEWAY_REQUEST_URL_ATTR, url);
    exchange.getAttributes().put(GATEWAY_ROUTE_ATTR, route(url, Route.async()));
    routing.filter(exchange, e -> Mono.empty()).block(Duration.ofSeconds(10));
    Connection connection = exchange.getRequiredAttribute(CLIENT_RESPONSE_CONN_ATTR);
    String body =
        connection
            .inbound()
            .receive()
            .aggregate()
            .asString(StandardCharsets.UTF_8)
            .block(Duration.ofSeconds(10));
    connection.dispose();
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    exchange.getResponse().getHeaders().forEach(headers::put);
    headers.remove(HttpHeaders.DATE); // the service's clock
    return new Proxied(exchange.getResponse().getStatusCode().value(), headers, body);
  }

  /** A list as Spring's {@code ObjectProvider} hands it out. */
  private record StaticListProvider<T>(T value) implements ObjectProvider<T> {
    @Override
    public T getObject() {
      return value;
    }

    @Override
    public T getObject(Object... args) {
      return value;
    }

    @Override
    public T getIfAvailable() {
      return value;
    }

    @Override
    public T getIfUnique() {
      return value;
    }
  }

  private static MockServerWebExchange routed(String path, Route.AsyncBuilder route) {
    URI url = URI.create("http://127.0.0.1:" + service.getAddress().getPort() + path);
    MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get(path));
    exchange.getAttributes().put(GATEWAY_REQUEST_URL_ATTR, url);
    exchange.getAttributes().put(GATEWAY_ROUTE_ATTR, route(url, route));
    return exchange;
  }

  private static Route route(URI url, Route.AsyncBuilder route) {
    return route.id("test").uri(url).predicate(e -> true).build();
  }

  private static void release(MockServerWebExchange exchange) {
    Connection connection = exchange.getAttribute(CLIENT_RESPONSE_CONN_ATTR);
    if (connection != null) {
      connection.dispose();
    }
  }
}
