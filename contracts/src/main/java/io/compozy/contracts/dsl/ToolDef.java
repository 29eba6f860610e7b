package io.compozy.contracts.dsl;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A tool: a script in the project's runtime entrypoint, keyed by id, with its input schema. */
public record ToolDef(
    String id,
    @Nullable String description,
    @Nullable Map<String, Object> input,
    @Nullable Map<String, Object> output,
    @Nullable Map<String, Object> with,
    @Nullable Map<String, Object> config,
    @Nullable Map<String, Object> env,
    @Nullable String timeout) {}
