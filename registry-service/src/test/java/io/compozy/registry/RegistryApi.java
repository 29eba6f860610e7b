package io.compozy.registry;

import io.compozy.contracts.json.Json;
import io.compozy.infra.embedded.TestHttp;
import io.compozy.infra.embedded.TestInfrastructure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A registry on the real Postgres and Kafka, called over HTTP; every API test class shares its
 * context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class RegistryApi {
  static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  /** The user the calls are made for, as the gateway would sign. */
  static final String USER = "usr_test";

  @LocalServerPort int port;

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    TestInfrastructure.register(registry);
  }

  HttpResponse<String> send(String method, String path, String body, String... headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v0" + path))
            .timeout(Duration.ofSeconds(10))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    boolean typed = false;
    boolean authorized = false;
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
      typed |= headers[i].equalsIgnoreCase("Content-Type");
      authorized |= headers[i].equalsIgnoreCase("Authorization");
    }
    if (!authorized) {
      b.header("Authorization", TestInfrastructure.bearer(USER));
    }
    if (body != null && !typed) {
      b.header("Content-Type", "application/json");
    }
    return TestHttp.send(HTTP, b.build());
  }

  HttpResponse<byte[]> sendBytes(String method, String path, byte[] body, String contentType)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v0" + path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    b.header("Authorization", TestInfrastructure.bearer(USER));
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
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
