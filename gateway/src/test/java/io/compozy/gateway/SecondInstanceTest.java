package io.compozy.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.compozy.infra.embedded.Infrastructure;
import io.compozy.infra.embedded.TestInfrastructure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two gateway instances on the same Postgres and Redis, as in production: a revocation on one is
 * seen by the other within a second, and with Redis stopped the first (fail-open) still serves
 * while the second (fail-closed) refuses, but for tokens it had leased before.
 */
class SecondInstanceTest extends GatewayTestBase {
  private static ConfigurableApplicationContext second;
  private static int secondPort;

  @BeforeAll
  static void startSecondInstance() {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--server.port=0",
                "--compozy.gateway.auth.key-secret=" + SECRET,
                "--compozy.internal.secret=" + TestInfrastructure.INTERNAL_SECRET,
                "--compozy.gateway.auth.admin-key=" + ADMIN_KEY,
                "--compozy.gateway.rate-limit.fail-mode=closed",
                // long enough that a lease taken before Redis stops is still running after
                "--compozy.gateway.rate-limit.lease-time=1m",
                "--compozy.services.registry=http://127.0.0.1:" + HeaderEchoServer.port(),
                "--compozy.services.execution=http://127.0.0.1:" + CLOSED_PORT,
                "--compozy.services.workflow=http://127.0.0.1:" + CLOSED_PORT,
                "--compozy.services.scheduler=http://127.0.0.1:" + CLOSED_PORT));
    TestInfrastructure.shared()
        .endpoints()
        .springProperties()
        .forEach((k, v) -> args.add("--" + k + "=" + v));
    second = new SpringApplication(GatewayApplication.class).run(args.toArray(String[]::new));
    secondPort = ((WebServerApplicationContext) second).getWebServer().getPort();
  }

  @AfterAll
  static void stopSecondInstance() {
    if (second != null) {
      second.close();
    }
  }

  @Test
  void aRevocationOnOneInstanceIsSeenByTheOtherLongBeforeItsCacheWouldForgetTheKey()
      throws Exception {
    String key = userKey("read");
    // both instances have the key in their memory cache
    assertThat(as(key, "GET", "/api/v0/workflows", null).statusCode()).isEqualTo(200);
    assertThat(
            send(secondPort, "GET", "/api/v0/workflows", null, "Authorization", "Bearer " + key)
                .statusCode())
        .isEqualTo(200);
    String keyId =
        json(as(key, "GET", "/api/v0/auth/keys", null))
            .get("data")
            .toString()
            .replaceAll(".*id=(key_[^,]+),.*", "$1");

    assertThat(as(key, "DELETE", "/api/v0/auth/keys/" + keyId, null).statusCode()).isEqualTo(204);
    // the other instance keeps a verified key in memory for 10 s (auth.cache.local-ttl): refused
    // well before that, it heard of the revocation (typically within milliseconds; the bound
    // leaves room for a busy machine)
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () ->
                send(secondPort, "GET", "/api/v0/workflows", null, "Authorization", "Bearer " + key)
                        .statusCode()
                    == 401);
  }

  @Test
  void withRedisStoppedOneInstanceFailsOpenAndTheOtherClosed() throws Exception {
    Infrastructure infra = TestInfrastructure.shared();
    Assumptions.assumeTrue(infra.canStopRedis(), "Redis is external");
    // a slow key (5 requests/s) leases no tokens: Redis is asked on every request
    String key = keyWithLimit(5, 50);
    // a busy one (200/s) takes 20 at a time
    String busy = keyWithLimit(200, 10_000);
    assertThat(as(key, "GET", "/api/v0/workflows", null).statusCode()).isEqualTo(200);
    assertThat(
            send(secondPort, "GET", "/api/v0/workflows", null, "Authorization", "Bearer " + key)
                .statusCode())
        .isEqualTo(200);
    assertThat(
            send(secondPort, "GET", "/api/v0/workflows", null, "Authorization", "Bearer " + busy)
                .statusCode())
        .isEqualTo(200);
    infra.stopRedis();
    try {
      var open = as(key, "GET", "/api/v0/workflows", null);
      assertThat(open.statusCode()).isEqualTo(200);
      assertThat(open.headers().firstValue("X-RateLimit-Limit")).isEmpty();
      var closed =
          send(secondPort, "GET", "/api/v0/workflows", null, "Authorization", "Bearer " + key);
      assertThat(closed.statusCode()).isEqualTo(503);
      assertThat(json(closed)).containsEntry("code", "rate_limiter_unavailable");
      var leased =
          send(secondPort, "GET", "/api/v0/workflows", null, "Authorization", "Bearer " + busy);
      assertThat(leased.statusCode()).isEqualTo(200);
      assertThat(leased.headers().firstValue("X-RateLimit-Remaining")).contains("9998");

      var openReady = send("GET", "/readyz", null);
      assertThat(openReady.statusCode()).isEqualTo(200);
      assertThat(openReady.body()).contains("fail-open").contains("unreachable");
      assertThat(send(secondPort, "GET", "/readyz", null).statusCode()).isEqualTo(503);
      assertThat(send("GET", "/actuator/prometheus", null).body())
          .contains("compozy_gateway_ratelimit_redis_available 0.0")
          .containsPattern(
              "compozy_gateway_ratelimit_redis_failures_total\\{mode=\"open\"\\} [1-9]");
    } finally {
      infra.startRedis();
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              assertThat(send(secondPort, "GET", "/readyz", null).statusCode()).isEqualTo(200);
              var again =
                  send(
                      secondPort,
                      "GET",
                      "/api/v0/workflows",
                      null,
                      "Authorization",
                      "Bearer " + key);
              assertThat(again.statusCode()).isEqualTo(200);
              assertThat(again.headers().firstValue("X-RateLimit-Limit")).isPresent();
            });
  }
}
