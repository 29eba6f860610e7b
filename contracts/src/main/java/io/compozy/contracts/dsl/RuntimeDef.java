package io.compozy.contracts.dsl;

import org.jspecify.annotations.Nullable;

/**
 * The runtime hosting a project's script tools: {@code node} (or {@code bun}) and its entrypoint.
 */
public record RuntimeDef(
    @Nullable String type,
    @Nullable String entrypoint,
    @Nullable String toolExecutionTimeout,
    // Deno/Bun-style flags (--allow-read, --allow-write, --allow-run, --allow-all…): Node tools run
    // under its permission model
    java.util.@Nullable List<String> permissions) {
  public RuntimeDef(
      @Nullable String type, @Nullable String entrypoint, @Nullable String toolExecutionTimeout) {
    this(type, entrypoint, toolExecutionTimeout, null);
  }
}
