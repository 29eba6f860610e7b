package io.compozy.execution.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.compozy.contracts.dsl.ToolDef;
import io.compozy.contracts.message.RuntimeSpec;
import io.compozy.contracts.message.ToolStep;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-ins as a task calls them: Compozy's input names and output keys, and each bad input
 * refused naming its field.
 */
class BuiltinToolInputsTest {
  @TempDir static Path root;
  static HttpServer server;
  static Tools tools;
  static String echoUrl;

  @BeforeAll
  static void setUp() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/echo",
        x -> {
          byte[] body =
              (x.getRequestMethod()
                      + " "
                      + x.getRequestHeaders().getFirst("Content-Type")
                      + " "
                      + new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8))
                  .getBytes(StandardCharsets.UTF_8);
          x.getResponseHeaders().add("X-Seen", "yes");
          x.sendResponseHeaders(201, body.length);
          x.getResponseBody().write(body);
          x.close();
        });
    server.createContext(
        "/slow",
        x -> {
          try {
            Thread.sleep(3_000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          x.sendResponseHeaders(204, -1);
          x.close();
        });
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.start();
    echoUrl = "http://127.0.0.1:" + server.getAddress().getPort() + "/echo";
    Files.writeString(root.resolve("a.txt"), "alpha\n");
    var properties =
        new ToolsProperties(
            root.toString(),
            true,
            null,
            Duration.ofSeconds(5),
            null,
            List.of("echo"),
            Duration.ofSeconds(5),
            4096);
    tools =
        new Tools(
            new NodeToolRunner(
                new ToolWorkerProperties("node", Duration.ofSeconds(2), Duration.ofSeconds(20))),
            null,
            properties,
            Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    server.stop(0);
    tools.destroy();
  }

  static ToolOutcome call(String tool, Map<String, Object> input) {
    return tools
        .run(
            new ToolStep(
                "m",
                "exec",
                "wf",
                "t",
                "s",
                1,
                tool,
                input,
                Map.of(),
                null,
                Instant.now().plusSeconds(30)))
        .join();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> output(String tool, Map<String, Object> input) {
    ToolOutcome outcome = call(tool, input);
    assertThat(outcome).as(outcome.toString()).isInstanceOf(ToolOutcome.Succeeded.class);
    return (Map<String, Object>) ((ToolOutcome.Succeeded) outcome).output();
  }

  static String refusal(String tool, Map<String, Object> input) {
    ToolOutcome outcome = call(tool, input);
    assertThat(outcome).as(outcome.toString()).isInstanceOf(ToolOutcome.Failed.class);
    return ((ToolOutcome.Failed) outcome).error().message();
  }

  @SuppressWarnings("unchecked") // JSON read as maps
  @Test
  void fetchAnswersWithCompozysKeysAndSendsObjectsAsJson() {
    Map<String, Object> out =
        output(
            "cp__fetch",
            Map.of("url", echoUrl, "method", "post", "body", Map.of("a", 1), "timeout_ms", 2000));
    assertThat(out)
        .containsEntry("status_code", 201)
        .containsEntry("status_text", "Created")
        .containsEntry("body", "POST application/json {\"a\":1}")
        .containsEntry("body_truncated", false)
        .containsKey("duration_ms");
    assertThat((Map<String, Object>) out.get("headers")).containsEntry("x-seen", "yes");
    assertThat(
            output(
                "cp__fetch",
                Map.of(
                    "url",
                    echoUrl,
                    "method",
                    "PUT",
                    "body",
                    "raw text",
                    "headers",
                    Map.of("Content-Type", "text/plain"))))
        .containsEntry("body", "PUT text/plain raw text");
    assertThat(refusal("cp__fetch", Map.of("url", echoUrl, "timeout_ms", 0)))
        .contains("`timeout_ms` must be at least 1");
  }

  @Test
  void aToolsTimeoutAndTheRuntimesToolExecutionTimeoutBoundEachCall() {
    String slow = "http://127.0.0.1:" + server.getAddress().getPort() + "/slow";
    var own =
        new ToolDef(
            "slow", null, null, null, null, null, null, "300ms", "http", "GET", slow, null, null);
    long started = System.nanoTime();
    ToolOutcome byTool =
        tools
            .run(
                new ToolStep(
                    "m",
                    "e",
                    "wf",
                    "t",
                    "s",
                    1,
                    "slow",
                    Map.of(),
                    Map.of(),
                    null,
                    Instant.now().plusSeconds(30),
                    own))
            .join();
    assertThat(byTool)
        .isInstanceOfSatisfying(ToolOutcome.Failed.class, f -> assertThat(f.retryable()).isTrue());
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2_500));

    var plain =
        new ToolDef(
            "slow", null, null, null, null, null, null, null, "http", "GET", slow, null, null);
    var runtime = new RuntimeSpec("node", root.resolve("tools.js").toString(), null, "300ms");
    started = System.nanoTime();
    ToolOutcome byRuntime =
        tools
            .run(
                new ToolStep(
                    "m",
                    "e",
                    "wf",
                    "t",
                    "s",
                    1,
                    "slow",
                    Map.of(),
                    Map.of(),
                    runtime,
                    Instant.now().plusSeconds(30),
                    plain))
            .join();
    assertThat(byRuntime).isInstanceOf(ToolOutcome.Failed.class);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2_500));
  }

  @Test
  void badInputsAreRefusedNamingTheField() {
    assertThat(refusal("cp__list_dir", Map.of("path", ".", "page_token", "abc")))
        .contains("invalid page token");
    assertThat(refusal("cp__list_dir", Map.of("path", ".", "page_token", "-2")))
        .contains("page token must be non-negative");
    assertThat(refusal("cp__list_dir", Map.of("path", ".", "recursive", "yes")))
        .contains("`recursive` must be true or false");
    assertThat(refusal("cp__grep", Map.of("pattern", "a"))).contains("`path` is required");
    assertThat(refusal("cp__grep", Map.of("pattern", "a", "path", ".", "max_results", 1.5)))
        .contains("`max_results` must be an integer");
    assertThat(refusal("cp__exec", Map.of("command", "echo", "args", List.of(1))))
        .contains("`args` must be a list of strings");
    assertThat(refusal("cp__exec", Map.of("command", "echo", "env", Map.of("A", 1))))
        .contains("`env` must be an object of strings");
    assertThat(refusal("cp__exec", Map.of("command", "echo", "working_dir", "../..")))
        .contains("outside the tools root");
    assertThat(refusal("cp__write_file", Map.of("path", "x.txt", "content", "x", "mode", "rw")))
        .contains("`mode` must be an integer");
  }

  @Test
  void listDirGrepAndExecTakeCompozysInputs() {
    assertThat(
            output("cp__list_dir", Map.of("path", ".", "pattern", "**/*.txt", "page_size", 0))
                .get("entries")
                .toString())
        .contains("/a.txt");
    assertThat(
            output(
                    "cp__grep",
                    Map.of("pattern", "ALPHA", "path", ".", "ignore_case", true, "max_results", -1))
                .get("matches")
                .toString())
        .contains("column=1");
    assertThat(
            output(
                "cp__exec",
                Map.of(
                    "command",
                    "echo",
                    "args",
                    List.of("hi"),
                    "working_dir",
                    ".",
                    "timeout_ms",
                    1000)))
        .containsEntry("stdout", "hi\n")
        .containsEntry("success", true);
  }
}
