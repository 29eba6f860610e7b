package io.compozy.standalone;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/**
 * Makes random, often malformed, requests for the public door: odd methods, paths, headers, bodies.
 */
final class RequestFuzzer {
  private static final String[] METHODS = {
    "GET",
    "GET",
    "POST",
    "POST",
    "PUT",
    "PATCH",
    "DELETE",
    "HEAD",
    "OPTIONS",
    "TRACE",
    "FOO",
    "PROPFIND"
  };
  private static final String[] PREFIXES = {
    "workflows",
    "workflows/my-workflow",
    "workflows/my-workflow/executions",
    "workflows/my-workflow/executions/sync",
    "executions/workflows",
    "executions/workflows/exec_0190c3a0-0000-7000-8000-000000000000",
    "executions/tasks",
    "executions/agents",
    "tasks",
    "agents",
    "tools",
    "models",
    "schemas",
    "memories",
    "mcps",
    "project",
    "users",
    "auth/keys",
    "schedules",
    "hooks/x",
    "events",
    "memory/x/read",
    "admin/export",
    "health",
    "nothing"
  };
  private static final String[] SUFFIXES = {
    "",
    "/",
    "/..",
    "/%2e%2e/%2e%2e/etc/passwd",
    "/%00",
    "/%C3%A9t%C3%A9",
    "/cancel",
    "/pause",
    "/resume",
    "/signals",
    "/outputs",
    "/stream",
    "/versions",
    "/x/y/z",
    "/" + "a".repeat(3000),
    "?limit=-1",
    "?limit=abc&cursor=%%%",
    "?cursor=ZZZ",
    "?status=whatever",
    "?timeout=-5",
    "?timeout=99999",
    "?q=" + "%41".repeat(500),
    "?q=%00",
    "?cursor=%00",
    "?workflow_id=a%00b",
    "?limit=99999999999999999999",
    "?created_after=yesterday"
  };
  private static final String[] CONTENT_TYPES = {
    "application/json",
    "application/json",
    "text/plain",
    "application/yaml",
    "multipart/form-data; boundary=x",
    "garbage",
    "application/json; charset=latin1",
    "application/problem+json",
    "application/x-www-form-urlencoded"
  };

  /** Requests no HTTP library will send: written to a socket as they are. */
  static final List<String> RAW_REQUESTS =
      List.of(
          "GET /api/v0/../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n",
          "GET /api/v0/workflows HTTP/1.1\r\nHost: x\r\nBroken header line\r\n\r\n",
          "GARBAGE\r\n\r\n",
          "GET /api/v0/workflows HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(70_000) + "\r\n\r\n",
          "POST /api/v0/workflows/my-workflow/executions HTTP/1.1\r\n"
              + "Host: x\r\n"
              + "Content-Length: -4\r\n\r\n",
          "POST /api/v0/workflows/my-workflow/executions HTTP/1.1\r\n"
              + "Host: x\r\n"
              + "Transfer-Encoding: chunked\r\n\r\n"
              + "ZZ\r\n",
          "GET /api/v0/workflows HTTP/1.1\r\n"
              + "Host: x\r\n"
              + "Authorization: Bearer a\r\n"
              + "Authorization: Bearer b\r\n\r\n",
          "GET /api/v0/workflows?q=%00 HTTP/1.1\r\nHost: x\r\n\r\n",
          "GET /api/v0/health HTTP/1.1\r\n"
              + "Host: x\r\n"
              + "X-Compozy-User-Id: usr_admin\r\n"
              + "Content-Length: 5\r\n"
              + "Transfer-Encoding: chunked\r\n\r\n"
              + "0\r\n\r\n");

  private final Random random;
  private final String key;

  RequestFuzzer(Random random, String key) {
    this.random = random;
    this.key = key;
  }

  @Nullable HttpRequest next(int port) {
    String path = "/api/v0/" + pick(PREFIXES) + pick(SUFFIXES);
    URI uri;
    try {
      uri = URI.create("http://127.0.0.1:" + port + path);
    } catch (IllegalArgumentException e) {
      return null;
    }
    String method = pick(METHODS);
    String body = body();
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
    try {
      b.method(
          method,
          body == null || method.equals("HEAD")
              ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(body));
    } catch (IllegalArgumentException e) {
      return null;
    }
    int auth = random.nextInt(10);
    if (auth < 7) {
      b.header("Authorization", "Bearer " + key);
    } else if (auth == 7) {
      b.header(
          "Authorization",
          pick(new String[] {"Bearer", "Basic abc", "Bearer " + key + " extra", "bearer   "}));
    } else if (auth == 8) {
      b.header("Authorization", "Bearer cpzy_" + "x".repeat(random.nextInt(80)));
    }
    if (random.nextInt(4) > 0) {
      b.header("Content-Type", pick(CONTENT_TYPES));
    }
    if (random.nextInt(20) == 0) {
      b.header("X-Request-ID", "../../" + "é".repeat(random.nextInt(300)));
    }
    if (random.nextInt(25) == 0) {
      b.header("X-Filler", "f".repeat(1000 * (1 + random.nextInt(12))));
    }
    if (random.nextInt(10) == 0) {
      b.header("Idempotency-Key", random.nextBoolean() ? "k" + random.nextInt(5) : "x".repeat(400));
    }
    if (random.nextInt(15) == 0) {
      b.header("If-Match", pick(new String[] {"*", "W/\"x\"", "\"abc\"", "garbage"}));
    }
    if (random.nextInt(15) == 0) {
      b.header("Last-Event-ID", pick(new String[] {"-1", "abc", "99999999999999999999", "3"}));
    }
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private @Nullable String body() {
    return switch (random.nextInt(17)) {
      case 12 -> "id: my-workflow\ntasks: &a [*a]\n";
      case 13 -> "{\"input\": {\"message\": \"nul \\u0000 here\"}, \"payload\": {\"k\\u0000\": 1}}";
      case 14 -> "id: my-workflow\n" + "a:\n".repeat(1) + "  - ".repeat(1) + "[".repeat(3000);
      case 15 -> "%YAML 1.1\n---\nid: my-workflow\n";
      case 16 ->
          "{\"name\": \"order.created\", \"payload\": "
              + "{\"a\": ".repeat(800)
              + "1"
              + "}".repeat(800)
              + "}";
      case 0, 1 -> null;
      case 2 -> "{\"input\": {\"message\": \"hi\"}}";
      case 3 -> "{";
      case 4 -> "[]";
      case 5 -> "{\"input\": 5, \"task_id\": 7, \"timeout\": \"x\"}";
      case 6 -> "[".repeat(2000) + "]".repeat(2000);
      case 7 -> "{\"signal_name\": 3, \"payload\": [1, 2]}";
      case 8 -> "{\"x\": \"" + "y".repeat(200_000) + "\"}";
      case 9 -> "id: x\ntasks: [\n  - {id: 1";
      case 10 ->
          "{\"email\": \"a@b\", \"role\": 7, \"name\": null, \"rate_limit\": {\"rate\": -1}}";
      default -> randomText();
    };
  }

  private String randomText() {
    StringBuilder s = new StringBuilder();
    int n = random.nextInt(200);
    for (int i = 0; i < n; i++) {
      s.append((char) (random.nextInt(0x2FF) + 1));
    }
    return s.toString();
  }

  private String pick(String[] values) {
    return values[random.nextInt(values.length)];
  }
}
