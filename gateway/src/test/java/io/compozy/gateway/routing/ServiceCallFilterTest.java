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
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.route.Route;
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
    service.start();
  }

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
