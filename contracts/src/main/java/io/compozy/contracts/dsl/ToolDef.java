package io.compozy.contracts.dsl;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A tool: by default a script in the project's runtime entrypoint, keyed by id; with {@code type:
 * http} an HTTP call ({@code method}, {@code url}, {@code headers}, {@code body}, templates over
 * {@code .input} and {@code .config}). Ids starting with {@code cp__} are the built-ins.
 */
public record ToolDef(
    String id,
    @Nullable String description,
    @Nullable Map<String, Object> input,
    @Nullable Map<String, Object> output,
    @Nullable Map<String, Object> with,
    @Nullable Map<String, Object> config,
    @Nullable Map<String, Object> env,
    @Nullable String timeout,
    @Nullable String type,
    @Nullable String method,
    @Nullable String url,
    @Nullable Map<String, String> headers,
    @Nullable Object body) {

  /** A script tool. */
  public ToolDef(
      String id,
      @Nullable String description,
      @Nullable Map<String, Object> input,
      @Nullable Map<String, Object> output,
      @Nullable Map<String, Object> with,
      @Nullable Map<String, Object> config,
      @Nullable Map<String, Object> env,
      @Nullable String timeout) {
    this(id, description, input, output, with, config, env, timeout, null, null, null, null, null);
  }

  /**
   * This tool with its input and output schemas named by id replaced by the schemas ({@link
   * SchemaOrId}).
   */
  public ToolDef withSchemas(Function<String, Optional<Map<String, Object>>> byId) {
    Map<String, Object> in = SchemaOrId.resolve(input, byId);
    Map<String, Object> out = SchemaOrId.resolve(output, byId);
    return in == input && out == output
        ? this
        : new ToolDef(
            id, description, in, out, with, config, env, timeout, type, method, url, headers, body);
  }

  @JsonIgnore // behaviour, not a field: a definition read back must parse as written
  public boolean isHttp() {
    return "http".equals(type);
  }

  @JsonIgnore
  public boolean isBuiltin() {
    return id.startsWith(BuiltinTools.PREFIX);
  }
}
