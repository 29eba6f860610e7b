package io.compozy.execution.mcp;

import io.compozy.contracts.dsl.Durations;
import io.compozy.contracts.dsl.McpDef;
import io.compozy.contracts.dsl.ToolDef;
import io.compozy.contracts.json.Json;
import io.compozy.support.tracing.TraceSpans;
import io.micrometer.tracing.Span;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientSseClientTransport;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.File;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * One shared client per MCP server definition per instance, connected on first use. A call or a
 * listing that fails on the connection closes the client and tries once more on a new one, so a
 * restarted server is picked up again. Calls block: agents run them on virtual threads.
 */
@Component
public class McpClients implements DisposableBean {
  private static final Logger log = LoggerFactory.getLogger(McpClients.class);

  /** What an MCP tool call gave: its text and structured content, or the server's error. */
  public record Result(boolean error, String text, @Nullable Object structured) {}

  private static final JacksonMcpJsonMapper JSON =
      new JacksonMcpJsonMapper(JsonMapper.builder().build());
  private final Map<String, McpSyncClient> clients = new ConcurrentHashMap<>();

  /** Each call is a span under the one current on the calling thread (an agent step's). */
  private volatile TraceSpans spans = TraceSpans.none();

  @Autowired(required = false)
  void traceWith(TraceSpans spans) {
    this.spans = spans;
  }

  /**
   * The server's tools as tool definitions (name, description, input schema as the server gives
   * it).
   */
  public List<ToolDef> tools(McpDef server) {
    McpSchema.ListToolsResult listed = withClient(server, McpSyncClient::listTools);
    List<ToolDef> out = new ArrayList<>();
    for (McpSchema.Tool t : listed.tools()) {
      Map<String, Object> schema =
          t.inputSchema() == null ? Map.of("type", "object") : t.inputSchema();
      out.add(
          new ToolDef(
              t.name(),
              t.description(),
              schema,
              t.outputSchema(),
              null,
              Map.of("mcp_server", server.id()),
              null,
              null,
              "mcp",
              null,
              null,
              null,
              null));
    }
    return out;
  }

  public Result call(McpDef server, String tool, Map<String, Object> arguments) {
    Span span =
        spans.child(
            "mcp " + server.id() + "/" + tool, Map.of("mcp.server", server.id(), "mcp.tool", tool));
    McpSchema.CallToolResult r;
    try {
      r = withClient(server, c -> c.callTool(new McpSchema.CallToolRequest(tool, arguments, null)));
    } catch (RuntimeException e) {
      span.error(e);
      throw e;
    } finally {
      span.end();
    }
    List<String> texts = new ArrayList<>();
    for (McpSchema.Content c : r.content() == null ? List.<McpSchema.Content>of() : r.content()) {
      texts.add(c instanceof McpSchema.TextContent text ? text.text() : Json.write(c));
    }
    return new Result(
        Boolean.TRUE.equals(r.isError()), String.join("\n", texts), r.structuredContent());
  }

  private <T> T withClient(McpDef server, Function<McpSyncClient, T> work) {
    String key = key(server);
    boolean reused = clients.containsKey(key);
    try {
      return work.apply(client(key, server));
    } catch (RuntimeException first) {
      if (!reused) {
        clients.remove(key);
        throw new McpException("MCP server '" + server.id() + "': " + rootMessage(first), first);
      }
      // the server may have restarted: a new connection gets one more try
      McpSyncClient stale = clients.remove(key);
      if (stale != null) {
        closeQuietly(stale);
      }
      try {
        return work.apply(client(key, server));
      } catch (RuntimeException second) {
        second.addSuppressed(first);
        throw new McpException("MCP server '" + server.id() + "': " + rootMessage(second), second);
      }
    }
  }

  private McpSyncClient client(String key, McpDef server) {
    return clients.computeIfAbsent(
        key,
        k -> {
          Duration timeout =
              server.timeout() == null ? Duration.ofSeconds(30) : Durations.parse(server.timeout());
          McpSyncClient c =
              McpClient.sync(transport(server))
                  .requestTimeout(timeout)
                  .initializationTimeout(timeout)
                  .clientInfo(
                      McpSchema.Implementation.builder("compozy", "0.1.0").title("Compozy").build())
                  .build();
          try {
            c.initialize();
          } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
          }
          return c;
        });
  }

  /**
   * Closing a client whose connection broke can itself fail inside the SDK (no session): nothing is
   * left to close then.
   */
  private static void closeQuietly(McpSyncClient client) {
    try {
      client.close();
    } catch (RuntimeException e) {
      log.debug("closing a broken MCP client failed: {}", e.toString());
    }
  }

  // the SDK deprecates the SSE transport for streamable HTTP, but servers declared `transport: sse`
  // still speak it
  @SuppressWarnings("deprecation")
  private static McpClientTransport transport(McpDef server) {
    return switch (server.transportOrDefault()) {
      case STDIO -> {
        if (server.command() == null) {
          throw new McpException(
              "MCP server '" + server.id() + "': a stdio server needs a `command`", null);
        }
        if (!onPath(server.command())) {
          throw new McpException(
              "MCP server '"
                  + server.id()
                  + "': command '"
                  + server.command()
                  + "' is not found on the PATH",
              null);
        }
        ServerParameters.Builder p = ServerParameters.builder(server.command());
        if (server.args() != null) {
          p.args(server.args());
        }
        if (server.env() != null) {
          p.env(server.env());
        }
        yield new StdioClientTransport(p.build(), JSON);
      }
      case SSE -> {
        URI uri = url(server);
        HttpClientSseClientTransport.Builder b =
            HttpClientSseClientTransport.builder(base(uri))
                .sseEndpoint(pathOr(uri, "/sse"))
                .jsonMapper(JSON);
        if (server.headers() != null) {
          HttpRequest.Builder request = HttpRequest.newBuilder();
          server.headers().forEach(request::header);
          b.requestBuilder(request);
        }
        yield b.build();
      }
      case STREAMABLE_HTTP -> {
        URI uri = url(server);
        HttpClientStreamableHttpTransport.Builder b =
            HttpClientStreamableHttpTransport.builder(base(uri))
                .endpoint(pathOr(uri, "/mcp"))
                .jsonMapper(JSON);
        if (server.headers() != null) {
          HttpRequest.Builder request = HttpRequest.newBuilder();
          server.headers().forEach(request::header);
          b.requestBuilder(request);
        }
        yield b.build();
      }
    };
  }

  private static boolean onPath(String command) {
    if (command.contains("/")) {
      return Files.isExecutable(Path.of(command));
    }
    String path = System.getenv("PATH");
    return path != null
        && Arrays.stream(path.split(File.pathSeparator))
            .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
  }

  private static URI url(McpDef server) {
    if (server.url() == null) {
      throw new McpException(
          "MCP server '"
              + server.id()
              + "': a "
              + server.transportOrDefault().wireName()
              + " server needs a `url`",
          null);
    }
    return URI.create(server.url());
  }

  private static String base(URI uri) {
    return uri.getScheme() + "://" + uri.getRawAuthority();
  }

  private static String pathOr(URI uri, String fallback) {
    return uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/")
        ? fallback
        : uri.getRawPath();
  }

  private static String key(McpDef server) {
    Map<String, Object> k = new LinkedHashMap<>();
    k.put("def", server);
    return Json.write(k);
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return String.valueOf(t.getMessage());
  }

  @Override
  public void destroy() {
    clients.values().forEach(McpSyncClient::closeGracefully);
    clients.clear();
  }
}
