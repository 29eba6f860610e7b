package io.compozy.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Which metrics a request leaves behind. */
class MetricsTest extends GatewayTestBase {
  @Autowired MeterRegistry registry;

  @Test
  void aProxiedCallIsMeasuredByItsRouteAndTheGatewaysOwnAnswersAsServerRequests() throws Exception {
    long serverRequests = count("http.server.requests");
    long definitions = routeCount("definitions");
    for (int i = 0; i < 3; i++) {
      assertThat(as(ADMIN_KEY, "GET", "/api/v0/workflows", null).statusCode()).isEqualTo(200);
    }
    assertThat(as(ADMIN_KEY, "GET", "/api/v0/auth/keys", null).statusCode()).isEqualTo(200);

    // the proxied calls ended before the own one was sent: once the own one is counted, so would
    // they be
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                routeCount("definitions") == definitions + 3
                    && count("http.server.requests") > serverRequests);
    assertThat(count("http.server.requests"))
        .as("only the gateway's own answer")
        .isEqualTo(serverRequests + 1);
    assertThat(registry.find("http.server.requests").tag("uri", "/api/v0/auth/keys").timers())
        .isNotEmpty();
  }

  private long count(String name) {
    return registry.find(name).timers().stream().mapToLong(Timer::count).sum();
  }

  private long routeCount(String routeId) {
    return registry.find("spring.cloud.gateway.requests").tag("routeId", routeId).timers().stream()
        .mapToLong(Timer::count)
        .sum();
  }
}
