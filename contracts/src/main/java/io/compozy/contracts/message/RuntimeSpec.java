package io.compozy.contracts.message;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Where a project's script tools live: the runtime ({@code node} or {@code bun}), the absolute
 * entrypoint path, and the project's {@code runtime.permissions} (null: no permission model).
 */
public record RuntimeSpec(String type, String entrypoint, @Nullable List<String> permissions) {
  public RuntimeSpec(String type, String entrypoint) {
    this(type, entrypoint, null);
  }
}
