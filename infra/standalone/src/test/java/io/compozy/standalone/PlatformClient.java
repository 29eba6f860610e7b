package io.compozy.standalone;

import static org.awaitility.Awaitility.await;

import io.compozy.contracts.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.IntSupplier;

/** The API as a user calls it: through the gateway, with a bearer key. */
final class PlatformClient {
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final IntSupplier port;
  private final String key;

  PlatformClient(IntSupplier port, String key) {
    this.port = port;
    this.key = key;
  }

  HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port.getAsInt() + "/api/v0" + path))
        .timeout(Duration.ofSeconds(60))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> call(String method, String path, String body) throws Exception {
    return send(method, path, body, "Authorization", "Bearer " + key);
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
    HttpResponse<String> r = call("POST", "/workflows/" + workflow + "/executions", "{\"input\": " + input + "}");
    if (r.statusCode() != 202) {
      throw new AssertionError("start of " + workflow + " answered " + r.statusCode() + ": " + r.body());
    }
    return (String) data(r).get("exec_id");
  }

  String status(String execId) throws Exception {
    return (String) data(call("GET", "/executions/workflows/" + execId, null)).get("status");
  }

  void awaitStatus(String execId, String... statuses) {
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
        .until(() -> java.util.List.of(statuses).contains(status(execId)));
  }

  /** Runs an execution to its end and returns its outputs' data. */
  Map<String, Object> runToEnd(String workflow, String input) throws Exception {
    String execId = start(workflow, input);
    awaitStatus(execId, "success", "failed", "timed_out", "canceled");
    return data(call("GET", "/executions/workflows/" + execId + "/outputs", null));
  }
}
