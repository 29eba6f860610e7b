package io.compozy.contracts.dsl;

import org.jspecify.annotations.Nullable;

/** The runtime hosting a project's script tools: {@code node} (or {@code bun}) and its entrypoint. */
public record RuntimeDef(
    @Nullable String type, @Nullable String entrypoint, @Nullable String toolExecutionTimeout) {}
