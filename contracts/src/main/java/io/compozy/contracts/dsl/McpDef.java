package io.compozy.contracts.dsl;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An MCP server whose tools agents may call: {@code transport} {@code stdio} ({@code command},
 * {@code args}, {@code env}), {@code sse} or {@code streamable-http} ({@code url}, {@code
 * headers}); {@code timeout} bounds each request.
 */
public record McpDef(
    String id,
    @Nullable String resource,
    @Nullable String description,
    @Nullable McpTransport transport,
    @Nullable String url,
    @Nullable String command,
    @Nullable List<String> args,
    @Nullable Map<String, String> env,
    @Nullable Map<String, String> headers,
    @Nullable String timeout) {

  /**
   * The transport, from what is set when not named: a command means stdio, a URL streamable HTTP.
   */
  public McpTransport transportOrDefault() {
    if (transport != null) {
      return transport;
    }
    return command != null ? McpTransport.STDIO : McpTransport.STREAMABLE_HTTP;
  }
}
