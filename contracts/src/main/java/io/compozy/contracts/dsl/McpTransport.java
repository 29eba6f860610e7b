package io.compozy.contracts.dsl;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How the platform talks to an MCP server. */
public enum McpTransport {
  /** A process the platform starts ({@code command}, {@code args}, {@code env}). */
  STDIO("stdio"),
  /** The older HTTP transport: server-sent events at {@code url} (default path {@code /sse}). */
  SSE("sse"),
  /** Streamable HTTP at {@code url} (default path {@code /mcp}); {@code http} names it too. */
  STREAMABLE_HTTP("streamable-http");

  private final String wireName;

  McpTransport(String wireName) {
    this.wireName = wireName;
  }

  @JsonValue
  public String wireName() {
    return wireName;
  }

  @JsonCreator
  public static McpTransport fromWire(String value) {
    if (value.equals("http")) {
      return STREAMABLE_HTTP;
    }
    for (McpTransport t : values()) {
      if (t.wireName.equals(value)) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "'" + value + "' is not one of stdio, sse, streamable-http (or http)");
  }
}
