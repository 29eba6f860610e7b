package io.compozy.standalone;

import static org.awaitility.Awaitility.await;

import io.compozy.contracts.json.Json;
import io.compozy.infra.embedded.TestHttp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** The API as a user calls it: through the gateway, with a bearer key. */
final class PlatformClient {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final IntSupplier port;
  private final String key;

  PlatformClient(IntSupplier port, String key) {
    this.port = port;
    this.key = key;
  }

  HttpResponse<String> send(String method, String path, String body, String... headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port.getAsInt() + "/api/v0" + path))
            .timeout(
                method.equals("GET") || method.equals("HEAD")
                    ? Duration.ofSeconds(15)
                    : Duration.ofSeconds(60))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    boolean typed = false;
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
      typed |= headers[i].equalsIgnoreCase("Content-Type");
    }
    if (body != null && !typed) {
      b.header("Content-Type", "application/json");
    }
    return envelopeChecked(TestHttp.send(HTTP, b.build()));
  }

  /**
   * Every success envelope carries the HTTP status as Compozy's {@code status}: checked on every
   * answer a test reads.
   */
  private static HttpResponse<String> envelopeChecked(HttpResponse<String> r) {
    boolean json = r.headers().firstValue("Content-Type").orElse("").startsWith("application/json");
    if (json
        && r.body().startsWith("{")
        && Json.read(r.body(), Map.class) instanceof Map<?, ?> body
        && body.containsKey("data")
        && body.containsKey("message")) {
      if (!(body.get("status") instanceof Number n) || n.intValue() != r.statusCode()) {
        throw new AssertionError(
            r.request().method()
                + " "
                + r.request().uri()
                + " answered "
                + r.statusCode()
                + " with an envelope whose status is "
                + body.get("status"));
      }
    }
    return r;
  }

  HttpResponse<String> call(String method, String path, String body) throws Exception {
    return send(method, path, body, "Authorization", "Bearer " + key);
  }

  /** One Server-Sent Event as a client sees it. */
  record Sse(String id, String event, String data) {}

  /**
   * Reads an SSE stream until it ends or {@code stopAfter} accepts an event, then disconnects.
   * Comments (pings) are skipped.
   */
  List<Sse> sse(String path, String lastEventId, Predicate<Sse> stopAfter) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port.getAsInt() + "/api/v0" + path))
            .timeout(Duration.ofSeconds(60))
            .header("Authorization", "Bearer " + key)
            .header("Accept", "text/event-stream");
    if (lastEventId != null) {
      b.header("Last-Event-ID", lastEventId);
    }
    HttpResponse<Stream<String>> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofLines());
    if (r.statusCode() != 200) {
      throw new AssertionError(
          "stream answered " + r.statusCode() + ": " + String.join("\n", r.body().toList()));
    }
    List<Sse> events = new ArrayList<>();
    try (Stream<String> lines = r.body()) {
      String id = null;
      String event = null;
      StringBuilder data = new StringBuilder();
      for (var it = lines.iterator(); it.hasNext(); ) {
        String line = it.next();
        if (line.isEmpty()) {
          if (event != null) {
            Sse e = new Sse(id, event, data.toString());
            events.add(e);
            if (stopAfter.test(e)) {
              break;
            }
          }
          id = null;
          event = null;
          data.setLength(0);
        } else if (line.startsWith("id:")) {
          id = line.substring(3).trim();
        } else if (line.startsWith("event:")) {
          event = line.substring(6).trim();
        } else if (line.startsWith("data:")) {
          data.append(line.substring(5).trim());
        }
      }
    }
    return events;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> json(HttpResponse<String> r) {
    return Json.read(r.body(), Map.class);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> data(HttpResponse<String> r) {
    return (Map<String, Object>) json(r).get("data");
  }

  String start(String workflow, String input) throws Exception {
    HttpResponse<String> r =
        call("POST", "/workflows/" + workflow + "/executions", "{\"input\": " + input + "}");
    if (r.statusCode() != 202) {
      throw new AssertionError(
          "start of " + workflow + " answered " + r.statusCode() + ": " + r.body());
    }
    return (String) data(r).get("exec_id");
  }

  String status(String execId) throws Exception {
    return (String) data(call("GET", "/executions/workflows/" + execId, null)).get("status");
  }

  void awaitStatus(String execId, String... statuses) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> List.of(statuses).contains(status(execId)));
  }

  /** Runs an execution to its end and returns its outputs' data. */
  Map<String, Object> runToEnd(String workflow, String input) throws Exception {
    String execId = start(workflow, input);
    awaitStatus(execId, "success", "failed", "timed_out", "canceled");
    return data(call("GET", "/executions/workflows/" + execId + "/outputs", null));
  }
}
