package io.compozy.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.compozy.contracts.json.Json;
import io.swagger.v3.parser.OpenAPIV3Parser;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

/** What the gateway does around routing: limits, failures of services, browsers, docs, health. */
class RoutingTest extends GatewayTestBase {

  @Test
  void aBodyOverTheLimitIs413() throws Exception {
    String big = "{\"x\": \"" + "a".repeat(1024 * 1024) + "\"}";
    var r = as(ADMIN_KEY, "PUT", "/api/v0/workflows/big", big);
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(json(r)).containsEntry("code", "payload_too_large");
    var small =
        as(ADMIN_KEY, "PUT", "/api/v0/workflows/small", "{\"x\": \"" + "a".repeat(1000) + "\"}");
    assertThat(small.statusCode()).isEqualTo(200);
    assertThat(data(small)).containsEntry("body_bytes", 1009);
  }

  @Test
  void theGatewaysOwnAnswersCloseTheirConnectionAndProxiedOnesKeepIt() throws Exception {
    // Reactor Netty can leave a kept-alive connection deaf after an answer completed on the spot
    // (see CloseAfterErrors): the gateway's own answers close; proxied ones keep the connection
    assertThat(send("GET", "/healthz", null).headers().firstValue("Connection")).contains("close");
    var proxied = as(ADMIN_KEY, "PUT", "/api/v0/workflows/small", "{\"x\": 1}");
    assertThat(proxied.statusCode()).isEqualTo(200);
    assertThat(proxied.headers().firstValue("Connection")).isEmpty();
  }

  @Test
  void aChunkedBodyIsCutAtTheLimit() throws Exception {
    byte[] chunk = new byte[64 * 1024];
    Arrays.fill(chunk, (byte) 'a');
    // a publisher without a known length makes the client send chunked
    HttpRequest.BodyPublisher chunked =
        HttpRequest.BodyPublishers.fromPublisher(
            new Flow.Publisher<>() {
              @Override
              public void subscribe(Flow.Subscriber<? super ByteBuffer> s) {
                HttpRequest.BodyPublishers.ofByteArrays(Collections.nCopies(40, chunk))
                    .subscribe(s);
              }
            });
    var request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v0/workflows/chunked"))
            .header("Authorization", "Bearer " + ADMIN_KEY)
            .header("Content-Type", "application/json")
            .PUT(chunked)
            .build();
    // found while the body is sent to the service: the answer is still the gateway's 413, and the
    // service's circuit breaker (10 calls, 50 % failures) does not count it against the service
    for (int i = 0; i < 12; i++) {
      var r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(413);
      assertThat(json(r)).containsEntry("code", "payload_too_large");
    }
    assertThat(as(ADMIN_KEY, "GET", "/api/v0/workflows", null).statusCode()).isEqualTo(200);
  }

  @Test
  void aServiceGetsThePathQueryAndBodyAndItsStatusComesBackAsItIs() throws Exception {
    var created =
        as(ADMIN_KEY, "PUT", "/api/v0/workflows/wf-1/notes?status=201&a=1&b=%C3%A9", "{\"x\": 1}");
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(data(created))
        .containsEntry("path", "/api/v0/workflows/wf-1/notes")
        .containsEntry("query", "status=201&a=1&b=%C3%A9")
        .containsEntry("body_bytes", 8);
    assertThat(as(ADMIN_KEY, "GET", "/api/v0/workflows/missing?status=404", null).statusCode())
        .isEqualTo(404);
    assertThat(as(ADMIN_KEY, "GET", "/api/v0/workflows?status=299", null).statusCode())
        .as("a status outside the standard list")
        .isEqualTo(299);
    var noContent = as(ADMIN_KEY, "DELETE", "/api/v0/workflows/wf-1?status=204", null);
    assertThat(noContent.statusCode()).isEqualTo(204);
    assertThat(noContent.body()).isEmpty();
  }

  @Test
  void aReadTheServiceFailsIsSentOnceMoreAndOnlyTheSecondAnswersHeadersReachTheClient()
      throws Exception {
    var read = as(ADMIN_KEY, "GET", "/api/v0/workflows?fail-once=" + UUID.randomUUID(), null);
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.headers().allValues("X-Attempt")).containsExactly("2");
    assertThat(read.headers().allValues("Content-Type")).containsExactly("application/json");
    // a write is never sent twice: the service's 500 is the answer
    var write = as(ADMIN_KEY, "PUT", "/api/v0/workflows/wf-1?fail-once=" + UUID.randomUUID(), "{}");
    assertThat(write.statusCode()).isEqualTo(500);
    assertThat(write.headers().allValues("X-Attempt")).containsExactly("1");
  }

  @Test
  void aServiceThatIsDownIs503NamingIt() throws Exception {
    var r = as(ADMIN_KEY, "POST", "/api/v0/workflows/wf/executions", "{\"input\": {}}");
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(json(r))
        .containsEntry("code", "service_unavailable")
        .containsEntry("service", "execution");
    assertThat(r.headers().firstValue("Retry-After")).contains("2");
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
    for (int i = 0; i < 12; i++) {
      as(ADMIN_KEY, "GET", "/api/v0/executions/workflows", null);
    }
    // with the breaker open the answer is the same problem, without waiting on a connection
    var open = as(ADMIN_KEY, "GET", "/api/v0/executions/workflows", null);
    assertThat(open.statusCode()).isEqualTo(503);
    assertThat(json(open)).containsEntry("service", "execution");
    assertThat(open.headers().firstValue("Retry-After")).contains("5");
  }

  @Test
  void manyConcurrentCallsToOneServiceAreAllServed() throws Exception {
    // a circuit breaker library's default bulkhead once turned the 26th concurrent call into a 503
    var calls = new ArrayList<CompletableFuture<HttpResponse<String>>>();
    for (int i = 0; i < 80; i++) {
      calls.add(
          HTTP.sendAsync(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v0/workflows"))
                  .header("Authorization", "Bearer " + ADMIN_KEY)
                  .build(),
              HttpResponse.BodyHandlers.ofString()));
    }
    for (var call : calls) {
      assertThat(call.get().statusCode()).isEqualTo(200);
    }
  }

  @Test
  void unknownPathsAre404Or401NotErrors() throws Exception {
    assertThat(as(ADMIN_KEY, "GET", "/api/v0/nothing-here", null).statusCode()).isEqualTo(404);
    assertThat(send("GET", "/etc/passwd", null).statusCode()).isEqualTo(401);
  }

  @Test
  void theFirewallRefusesOddRequestsWithAProblemAndClosesTheConnection() throws Exception {
    for (var r :
        List.of(
            as(ADMIN_KEY, "GET", "/api/v0/workflows/a%2Fb", null),
            as(ADMIN_KEY, "GET", "/api/v0/workflows/%2e%2e/users", null),
            as(ADMIN_KEY, "FROB", "/api/v0/workflows", null))) {
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(json(r)).containsEntry("code", "rejected_request");
      assertThat(r.headers().firstValue("Connection")).contains("close");
    }
    assertThat(as(ADMIN_KEY, "GET", "/api/v0/workflows/a", null).statusCode()).isEqualTo(200);
  }

  @Test
  void securityHeadersAreSet() throws Exception {
    for (String path : List.of("/api/v0/auth/keys", "/api/v0/workflows")) {
      var r = as(ADMIN_KEY, "GET", path, null);
      assertThat(r.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
      assertThat(r.headers().firstValue("X-Frame-Options")).contains("DENY");
      assertThat(r.headers().firstValue("Referrer-Policy")).contains("no-referrer");
      assertThat(r.headers().firstValue("X-XSS-Protection")).contains("0");
      assertThat(r.headers().firstValue("Cache-Control"))
          .contains("no-cache, no-store, max-age=0, must-revalidate");
      assertThat(r.headers().firstValue("Pragma")).contains("no-cache");
      assertThat(r.headers().firstValue("Expires")).contains("0");
      assertThat(r.headers().firstValue("Strict-Transport-Security"))
          .as("HSTS is for HTTPS only")
          .isEmpty();
    }
  }

  @Test
  void aServicesOwnCachingHeadersAreKeptAndItsHopByHopHeadersDropped() throws Exception {
    var r = as(ADMIN_KEY, "GET", "/api/v0/workflows?answer-headers", null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().allValues("Cache-Control")).containsExactly("max-age=60");
    assertThat(r.headers().firstValue("Pragma")).isEmpty();
    assertThat(r.headers().firstValue("Expires")).isEmpty();
    assertThat(r.headers().firstValue("X-Application-Context")).isEmpty();
    assertThat(r.headers().firstValue("X-Registry-Note")).contains("kept");
    assertThat(r.headers().firstValue("X-Frame-Options")).contains("DENY");
  }

  @Test
  @SuppressWarnings("unchecked")
  void hopByHopAndForwardedHeadersStopAtTheGateway() throws Exception {
    // a raw request: Java's HTTP client will not send Connection, Keep-Alive or TE
    String request =
        "GET /api/v0/workflows HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
            + ADMIN_KEY
            + "\r\n"
            + "Connection: keep-alive, X-Named-By-Connection\r\n"
            + "X-Named-By-Connection: 1\r\n"
            + "Keep-Alive: timeout=5\r\n"
            + "TE: trailers\r\n"
            + "Proxy-Authorization: Basic eDp5\r\n"
            + "Forwarded: for=203.0.113.9\r\n"
            + "X-Forwarded-For: 203.0.113.9\r\n"
            + "X-Forwarded-Host: evil.example.com\r\n"
            + "X-Client-Note: kept\r\n\r\n";
    Map<String, Object> seen;
    try (var socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      var in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
      int length = -1;
      String status = readLine(in);
      for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
        if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
          length = Integer.parseInt(line.substring(15).trim());
        }
      }
      assertThat(status).startsWith("HTTP/1.1 200");
      byte[] body = new byte[length];
      in.readFully(body);
      seen =
          (Map<String, Object>)
              ((Map<String, Object>)
                      Json.read(new String(body, StandardCharsets.UTF_8), Map.class).get("data"))
                  .get("headers");
    }
    assertThat(seen)
        .containsEntry("x-client-note", "kept")
        .doesNotContainKeys(
            "x-named-by-connection",
            "keep-alive",
            "te",
            "proxy-authorization",
            "forwarded",
            "x-forwarded-for",
            "x-forwarded-host");
  }

  private static String readLine(DataInputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new EOFException("the answer ended early");
      }
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }

  @Test
  void corsAllowsTheConfiguredOriginOnly() throws Exception {
    var preflight =
        send(
            "OPTIONS",
            "/api/v0/workflows",
            null,
            "Origin",
            "https://app.example.com",
            "Access-Control-Request-Method",
            "POST",
            "Access-Control-Request-Headers",
            "authorization,content-type");
    assertThat(preflight.statusCode()).isEqualTo(200);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
        .contains("https://app.example.com");
    var other =
        send(
            "OPTIONS",
            "/api/v0/workflows",
            null,
            "Origin",
            "https://evil.example.com",
            "Access-Control-Request-Method",
            "POST");
    assertThat(other.statusCode()).isEqualTo(403);
    var actual =
        send(
            "GET",
            "/api/v0/workflows",
            null,
            "Origin",
            "https://app.example.com",
            "Authorization",
            "Bearer " + ADMIN_KEY);
    assertThat(actual.headers().firstValue("Access-Control-Allow-Origin"))
        .contains("https://app.example.com");
    assertThat(actual.headers().firstValue("Access-Control-Expose-Headers"))
        .hasValueSatisfying(h -> assertThat(h).contains("X-Request-ID"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void healthNamesWhatIsDown() throws Exception {
    var r = send("GET", "/api/v0/health", null);
    assertThat(r.statusCode()).isEqualTo(503);
    Map<String, Object> health = data(r);
    assertThat((Map<String, Object>) health.get("services"))
        .containsEntry("gateway", "UP")
        .containsEntry("execution", "DOWN");
    assertThat((Map<String, Object>) health.get("dependencies"))
        .containsEntry("postgres", "UP")
        .containsEntry("redis", "UP");
    assertThat((List<String>) health.get("down"))
        .contains("execution", "scheduler", "workflow")
        .doesNotContain("gateway");
    assertThat(send("GET", "/healthz", null).statusCode()).isEqualTo(200);
    var ready = send("GET", "/readyz", null);
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body()).contains("rateLimiter");
  }

  @Test
  void theOpenApiDocumentIsValidAndSaysWhatIsMissing() throws Exception {
    var r = send("GET", "/openapi.json", null);
    assertThat(r.statusCode()).isEqualTo(200);
    var parsed = new OpenAPIV3Parser().readContents(r.body());
    assertThat(parsed.getMessages()).isEmpty();
    assertThat(parsed.getOpenAPI().getOpenapi()).startsWith("3.1");
    assertThat(parsed.getOpenAPI().getPaths())
        .containsKeys(
            "/api/v0/auth/keys", "/api/v0/users", "/api/v0/users/{userId}", "/api/v0/health");
    assertThat(parsed.getOpenAPI().getComponents().getSecuritySchemes()).containsKey("bearer");
    assertThat(r.body()).contains("x-compozy-unavailable");
  }

  @Test
  void swaggerUiIsServedAtDocs() throws Exception {
    var http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
    var r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/docs")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).containsIgnoringCase("swagger");
  }

  /**
   * Idle and slow clients do not hold connections: each is closed (a slow request answered 408)
   * within its deadline.
   */
  @Test
  void idleAndSlowConnectionsAreClosedWithinTheirDeadlines() throws Exception {
    try (var idle = new Socket("127.0.0.1", port);
        var slow = new Socket("127.0.0.1", port);
        var empty = new Socket("127.0.0.1", port)) {
      slow.getOutputStream()
          .write(
              "GET /api/v0/workflows HTTP/1.1\r\nHost: x\r\nX-Half: "
                  .getBytes(StandardCharsets.US_ASCII));
      slow.getOutputStream().flush();
      empty.getOutputStream().write("\r\n".getBytes(StandardCharsets.US_ASCII));
      empty.getOutputStream().flush();
      for (var socket : List.of(idle, slow, empty)) {
        socket.setSoTimeout(15_000);
        long t0 = System.nanoTime();
        byte[] answer = socket.getInputStream().readAllBytes(); // until the gateway closes it
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(ms).as("closed after %d ms", ms).isLessThan(8_000);
        String text = new String(answer, StandardCharsets.ISO_8859_1);
        assertThat(text.isEmpty() || text.startsWith("HTTP/1.1 4")).as(text).isTrue();
      }
    }
  }
}
