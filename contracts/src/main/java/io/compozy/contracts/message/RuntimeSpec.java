package io.compozy.contracts.message;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Where a project's script tools live: the runtime ({@code node} or {@code bun}), the absolute
 * entrypoint path, the project's {@code runtime.permissions} (null: no permission model), and its
 * {@code runtime.tool_execution_timeout}, the longest a tool call may take unless the tool says.
 */
public record RuntimeSpec(
    String type,
    String entrypoint,
    @Nullable List<String> permissions,
    @Nullable String toolExecutionTimeout) {
  public RuntimeSpec(String type, String entrypoint, @Nullable List<String> permissions) {
    this(type, entrypoint, permissions, null);
  }

  public RuntimeSpec(String type, String entrypoint) {
    this(type, entrypoint, null, null);
  }
}
