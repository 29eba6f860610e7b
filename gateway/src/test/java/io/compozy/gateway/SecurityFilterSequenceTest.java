package io.compozy.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.compozy.gateway.web.Firewall;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatusCode;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.WebFilterChainProxy;
import org.springframework.web.server.WebFilter;
import reactor.core.publisher.Mono;

/**
 * The gateway runs Spring Security's filters through its own sequence (docs/benchmarks.md: the
 * proxy asked its one chain for a new list of filters on every request). Here both run the same
 * chain on the same requests: status, headers and whether the request went on must be the same.
 */
class SecurityFilterSequenceTest extends GatewayTestBase {
  @Autowired SecurityWebFilterChain chain;
  @Autowired List<WebFilter> filters;

  private record Outcome(
      HttpStatusCode status, Map<String, List<String>> headers, boolean passedOn) {}

  private static Outcome run(WebFilter filter, MockServerHttpRequest.BaseBuilder<?> request) {
    MockServerWebExchange exchange = MockServerWebExchange.from(request);
    boolean[] passedOn = {false};
    filter
        .filter(
            exchange,
            e -> {
              passedOn[0] = true;
              return Mono.empty();
            })
        .block();
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    exchange.getResponse().getHeaders().forEach(headers::put);
    headers.remove("X-Request-Id");
    return new Outcome(exchange.getResponse().getStatusCode(), headers, passedOn[0]);
  }

  @Test
  void itAnswersEveryRequestAsSpringSecuritysOwnProxyWould() {
    WebFilter ours =
        filters.stream()
            .filter(f -> f.toString().equals("SecurityFilterSequence"))
            .findFirst()
            .orElseThrow();
    // the proxy as the gateway would configure it: the same firewall, the same answer to a refusal
    WebFilterChainProxy spring = new WebFilterChainProxy(chain);
    spring.setFirewall(Firewall.strict());
    spring.setExchangeRejectedHandler(Firewall.rejectionAnswer());
    List<MockServerHttpRequest.BaseBuilder<?>> requests =
        List.of(
            MockServerHttpRequest.get("/api/v0/workflows"),
            MockServerHttpRequest.get("/api/v0/workflows").header("Authorization", "Basic x"),
            MockServerHttpRequest.get("/api/v0/workflows")
                .header("Authorization", "Bearer cpzy_unknownunknownunknownunknownunknownun"),
            MockServerHttpRequest.get("/api/v0/workflows")
                .header("Authorization", "Bearer " + ADMIN_KEY),
            MockServerHttpRequest.delete("/api/v0/users/usr_x")
                .header("Authorization", "Bearer " + ADMIN_KEY),
            MockServerHttpRequest.get("/api/v0/../admin/export"),
            MockServerHttpRequest.get("/api/v0/health"),
            MockServerHttpRequest.options("/api/v0/workflows")
                .header("Origin", "https://elsewhere.example")
                .header("Access-Control-Request-Method", "POST"));
    for (var request : requests) {
      Outcome expected = run(spring, request);
      assertThat(run(ours, request)).as(request.build().toString()).isEqualTo(expected);
    }
  }
}
