package io.compozy.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.compozy.infra.embedded.TestInfrastructure;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A service with two instances (compozy.services.registry lists both): the gateway spreads calls
 * over them, and once one stops, every call goes to the other within the health check's period.
 */
class LoadBalancingTest extends GatewayTestBase {
  private static HttpServer first;
  private static HttpServer second;
  private static ConfigurableApplicationContext gateway;
  private static int gatewayPort;

  /** An instance of a service that says which one it is. */
  private static HttpServer instance(String name) throws Exception {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    server.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          byte[] body =
              ("{\"data\": {\"instance\": \"" + name + "\"}, \"message\": \"ok\"}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    return server;
  }

  @BeforeAll
  static void startTwoInstancesAndAGateway() throws Exception {
    first = instance("first");
    second = instance("second");
    List<String> args =
        new ArrayList<>(
            List.of(
                "--server.port=0",
                "--compozy.gateway.auth.key-secret=" + SECRET,
                "--compozy.internal.secret=" + TestInfrastructure.INTERNAL_SECRET,
                "--compozy.gateway.auth.admin-key=" + ADMIN_KEY,
                "--compozy.services.registry=http://127.0.0.1:"
                    + first.getAddress().getPort()
                    + ", http://127.0.0.1:"
                    + second.getAddress().getPort(),
                "--compozy.services.execution=http://127.0.0.1:" + CLOSED_PORT,
                "--compozy.services.workflow=http://127.0.0.1:" + CLOSED_PORT,
                "--compozy.services.scheduler=http://127.0.0.1:" + CLOSED_PORT));
    TestInfrastructure.shared()
        .endpoints()
        .springProperties()
        .forEach((k, v) -> args.add("--" + k + "=" + v));
    gateway = new SpringApplication(GatewayApplication.class).run(args.toArray(String[]::new));
    gatewayPort = ((WebServerApplicationContext) gateway).getWebServer().getPort();
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
    first.stop(0);
    second.stop(0);
  }

  private static String instanceAnswering() throws Exception {
    HttpResponse<String> r =
        send(gatewayPort, "GET", "/api/v0/workflows", null, "Authorization", "Bearer " + ADMIN_KEY);
    return r.statusCode() == 200
        ? String.valueOf(((Map<?, ?>) json(r).get("data")).get("instance"))
        : "status " + r.statusCode();
  }

  private static List<String> tenCalls() throws Exception {
    List<String> calls = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      calls.add(instanceAnswering());
    }
    return calls;
  }

  @Test
  void callsSpreadOverTheInstancesAndLeaveOneThatStopped() throws Exception {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 10; i++) {
      seen.add(instanceAnswering());
    }
    assertThat(seen).containsExactlyInAnyOrder("first", "second");

    second.stop(0);
    // within the health check's period (2 s) and a margin, only the first answers, every time
    long stopped = System.nanoTime();
    List<String> after =
        Awaitility.await()
            .atMost(Duration.ofSeconds(5))
            .pollInterval(Duration.ofMillis(100))
            .until(LoadBalancingTest::tenCalls, calls -> calls.stream().allMatch("first"::equals));
    assertThat(Duration.ofNanos(System.nanoTime() - stopped)).isLessThan(Duration.ofSeconds(4));
    assertThat(after).containsOnly("first");
  }
}
