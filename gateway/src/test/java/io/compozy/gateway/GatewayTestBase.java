package io.compozy.gateway;

import io.compozy.contracts.json.Json;
import io.compozy.infra.embedded.Ports;
import io.compozy.infra.embedded.TestHttp;
import io.compozy.infra.embedded.TestInfrastructure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One gateway on the real Postgres and Redis, shared by the gateway's HTTP tests. The registry
 * route leads to a {@link HeaderEchoServer}; execution and scheduler lead to closed ports, as if
 * those services were down.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "compozy.gateway.auth.key-secret=" + GatewayTestBase.SECRET,
      "compozy.gateway.auth.admin-key=" + GatewayTestBase.ADMIN_KEY,
      "compozy.gateway.auth.usage-flush-interval=300ms",
      "compozy.gateway.rate-limit.rate=1000",
      "compozy.gateway.rate-limit.burst=1000",
      "compozy.gateway.rate-limit.anonymous.rate=0.5",
      "compozy.gateway.rate-limit.anonymous.burst=4",
      "compozy.gateway.rate-limit.routes[0].id=schedules",
      "compozy.gateway.rate-limit.routes[0].path=/api/v0/schedules/**",
      "compozy.gateway.rate-limit.routes[0].rate=0.1",
      "compozy.gateway.rate-limit.routes[0].burst=2",
      "compozy.gateway.cors.allowed-origins=https://app.example.com",
      "compozy.gateway.connections.idle=3s",
      "compozy.gateway.connections.read=2s",
    })
abstract class GatewayTestBase {
  static final String SECRET = "test-secret-test-secret-test-secret-0123";
  static final String ADMIN_KEY = "cpzy_AdminKeyForTestsAdminKeyForTestsAdminKeyFor";
  static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  static final int CLOSED_PORT = Ports.freeOr(0);

  @LocalServerPort protected int port;

  @DynamicPropertySource
  static void gatewayProperties(DynamicPropertyRegistry registry) {
    TestInfrastructure.register(registry);
    registry.add("compozy.services.registry", () -> "http://127.0.0.1:" + HeaderEchoServer.port());
    registry.add("compozy.services.execution", () -> "http://127.0.0.1:" + CLOSED_PORT);
    registry.add("compozy.services.workflow", () -> "http://127.0.0.1:" + CLOSED_PORT);
    registry.add("compozy.services.scheduler", () -> "http://127.0.0.1:" + CLOSED_PORT);
  }

  HttpResponse<String> send(String method, String path, String body, String... headers)
      throws Exception {
    return send(port, method, path, body, headers);
  }

  static HttpResponse<String> send(
      int port, String method, String path, String body, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return TestHttp.send(HTTP, b.build());
  }

  HttpResponse<String> as(String key, String method, String path, String body) throws Exception {
    return send(method, path, body, "Authorization", "Bearer " + key);
  }

  /**
   * Creates a key of the admin's with its own rate limit; returns what the API answered (key, id,
   * ...).
   */
  Map<String, Object> createKey(double rate, int burst) throws Exception {
    var r =
        as(
            ADMIN_KEY,
            "POST",
            "/api/v0/auth/keys",
            "{\"name\": \"limited\", \"rate_limit\": {\"rate\": "
                + rate
                + ", \"burst\": "
                + burst
                + "}}");
    if (r.statusCode() != 201) {
      throw new AssertionError("key creation answered " + r.statusCode() + ": " + r.body());
    }
    return data(r);
  }

  String keyWithLimit(double rate, int burst) throws Exception {
    return (String) createKey(rate, burst).get("key");
  }

  /** Creates a user with the role and returns a key of theirs. */
  String userKey(String role) throws Exception {
    String email = role + "-" + UUID.randomUUID() + "@example.com";
    var user =
        as(
            ADMIN_KEY,
            "POST",
            "/api/v0/users",
            "{\"email\": \"" + email + "\", \"role\": \"" + role + "\"}");
    if (user.statusCode() != 201) {
      throw new AssertionError("user creation answered " + user.statusCode() + ": " + user.body());
    }
    String userId = (String) data(user).get("id");
    var key =
        as(
            ADMIN_KEY,
            "POST",
            "/api/v0/auth/keys",
            "{\"user_id\": \"" + userId + "\", \"name\": \"test\"}");
    if (key.statusCode() != 201) {
      throw new AssertionError("key creation answered " + key.statusCode() + ": " + key.body());
    }
    return (String) data(key).get("key");
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> json(HttpResponse<String> r) {
    return Json.read(r.body(), Map.class);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> data(HttpResponse<String> r) {
    return (Map<String, Object>) json(r).get("data");
  }
}
