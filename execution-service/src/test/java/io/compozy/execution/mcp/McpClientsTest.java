package io.compozy.execution.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.compozy.contracts.dsl.McpDef;
import io.compozy.contracts.dsl.McpTransport;
import io.compozy.contracts.dsl.ToolDef;
import io.compozy.support.tracing.TraceSpans;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * MCP against a real MCP server, the reference {@code @modelcontextprotocol/server-everything},
 * installed with npm on first run, over stdio and streamable HTTP; a restarted server is reached
 * again through the same shared client.
 */
public class McpClientsTest {
  public static final String PACKAGE = "@modelcontextprotocol/server-everything@2026.8.31";
  static final Path INSTALL = Path.of("target/mcp-servers").toAbsolutePath();
  public static final Path SERVER =
      INSTALL.resolve("node_modules/@modelcontextprotocol/server-everything/dist/index.js");
  static McpClients clients;
  static Process http;
  static int port;

  @BeforeAll
  static void setUp() throws Exception {
    install();
    clients = new McpClients();
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    http = startHttpServer();
  }

  /** Installs the reference MCP server with npm, once per build. */
  public static void install() throws Exception {
    if (!Files.isRegularFile(SERVER)) {
      Files.createDirectories(INSTALL);
      Process npm =
          new ProcessBuilder(
                  "npm",
                  "install",
                  "--no-audit",
                  "--no-fund",
                  "--silent",
                  "--prefix",
                  INSTALL.toString(),
                  PACKAGE)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      assertThat(npm.waitFor(300, TimeUnit.SECONDS)).as("npm install finished").isTrue();
      assertThat(npm.exitValue()).as("npm install " + PACKAGE).isZero();
    }
  }

  static Process startHttpServer() throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder("node", SERVER.toString(), "streamableHttp")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("PORT", Integer.toString(port));
    Process p = pb.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      try (Socket ignored = new Socket("127.0.0.1", port)) {
        return p;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new AssertionError("the MCP HTTP server did not listen on " + port);
  }

  @AfterAll
  static void stop() {
    clients.destroy();
    if (http != null) {
      http.destroyForcibly();
    }
  }

  static McpDef stdio() {
    return new McpDef(
        "everything-stdio",
        null,
        null,
        McpTransport.STDIO,
        null,
        "node",
        List.of(SERVER.toString(), "stdio"),
        null,
        null,
        "20s");
  }

  static McpDef streamable() {
    return new McpDef(
        "everything-http",
        null,
        null,
        McpTransport.STREAMABLE_HTTP,
        "http://127.0.0.1:" + port + "/mcp",
        null,
        null,
        null,
        null,
        "20s");
  }

  @Test
  void overStdioTheServersToolsAreListedAndCalled() {
    List<ToolDef> tools = clients.tools(stdio());
    assertThat(tools).extracting(ToolDef::id).contains("echo");
    ToolDef echo = tools.stream().filter(t -> t.id().equals("echo")).findFirst().orElseThrow();
    assertThat(echo.input()).containsKey("properties");
    assertThat(echo.type()).isEqualTo("mcp");
    assertThat(clients.call(stdio(), "echo", Map.of("message", "over stdio")))
        .isEqualTo(new McpClients.Result(false, "Echo: over stdio", null));
  }

  @Test
  void overStreamableHttpAndAgainAfterTheServerRestarts() throws Exception {
    assertThat(clients.call(streamable(), "echo", Map.of("message", "first")).text())
        .isEqualTo("Echo: first");
    http.destroyForcibly().waitFor();
    http = startHttpServer();
    assertThat(clients.call(streamable(), "echo", Map.of("message", "after restart")).text())
        .isEqualTo("Echo: after restart");
  }

  @Test
  void aToolErrorAndBadServersAreClear() {
    McpClients.Result bad = clients.call(stdio(), "echo", Map.of("wrong", 1));
    assertThat(bad.error()).isTrue();
    assertThatThrownBy(
            () ->
                clients.tools(
                    new McpDef(
                        "nothing",
                        null,
                        null,
                        McpTransport.STDIO,
                        null,
                        "no-such-command-here",
                        null,
                        null,
                        null,
                        "5s")))
        .isInstanceOf(McpException.class)
        .hasMessageContaining("MCP server 'nothing'");
    // an unknown transport is refused when the project is read (McpTransport), not here
  }

  /**
   * A call is a span under the one current on the calling thread, naming the server and the tool.
   */
  @Test
  void aCallIsASpanUnderTheCallersSpan() {
    List<SpanData> ended = new CopyOnWriteArrayList<>();
    var provider =
        SdkTracerProvider.builder()
            .addSpanProcessor(
                new SpanProcessor() {
                  @Override
                  public void onStart(Context parent, ReadWriteSpan span) {}

                  @Override
                  public boolean isStartRequired() {
                    return false;
                  }

                  @Override
                  public void onEnd(ReadableSpan span) {
                    ended.add(span.toSpanData());
                  }

                  @Override
                  public boolean isEndRequired() {
                    return true;
                  }
                })
            .build();
    var otel = provider.get("test");
    var tracer = new OtelTracer(otel, new OtelCurrentTraceContext(), e -> {});
    var spans =
        new TraceSpans(
            tracer,
            new OtelPropagator(
                ContextPropagators.create(W3CTraceContextPropagator.getInstance()), otel));
    McpClients traced = new McpClients();
    traced.traceWith(spans);
    try {
      var agent = spans.start("agent helper", null, Map.of());
      spans.inSpan(agent, () -> traced.call(stdio(), "echo", Map.of("message", "traced")));
      agent.end();
      var call =
          ended.stream()
              .filter(d -> d.getName().equals("mcp everything-stdio/echo"))
              .findFirst()
              .orElseThrow();
      assertThat(call.getParentSpanId()).isEqualTo(agent.context().spanId());
      assertThat(call.getAttributes().asMap().toString()).contains("mcp.tool=echo");
    } finally {
      traced.destroy();
      provider.close();
    }
  }
}
