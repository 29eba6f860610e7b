package io.compozy.execution.mcp;

import org.jspecify.annotations.Nullable;

/** An MCP server that cannot be reached, set up or asked. */
public final class McpException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  McpException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
