package io.compozy.contracts.dsl;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The built-in tools agents and tool tasks can name without defining them: their descriptions and
 * input schemas, as offered to models. The execution service runs them.
 */
public final class BuiltinTools {
  public static final String PREFIX = "cp__";

  private static final Map<String, Object> STRING = Map.of("type", "string");

  private static final Map<String, ToolDef> ALL = Map.of(
      "cp__fetch", tool("cp__fetch", "Fetches a URL over HTTP(S) and returns its status, headers and body (text, size-capped).",
          Map.of("url", STRING, "method", Map.of("type", "string", "enum", List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD")),
              "headers", Map.of("type", "object", "additionalProperties", STRING), "body", STRING), List.of("url")),
      "cp__read_file", tool("cp__read_file", "Reads a text file under the tools root.", Map.of("path", STRING), List.of("path")),
      "cp__write_file", tool("cp__write_file", "Writes a text file under the tools root, creating folders as needed.",
          Map.of("path", STRING, "content", STRING), List.of("path", "content")),
      "cp__list_dir", tool("cp__list_dir", "Lists a folder under the tools root.", Map.of("path", STRING), List.of()),
      "cp__grep", tool("cp__grep", "Finds lines matching a regular expression in the files under a folder of the tools root.",
          Map.of("pattern", STRING, "path", STRING, "max_results", Map.of("type", "integer", "minimum", 1)), List.of("pattern")),
      "cp__exec", tool("cp__exec", "Runs an allow-listed command (no shell) and returns its exit code and output.",
          Map.of("command", STRING, "args", Map.of("type", "array", "items", STRING)), List.of("command")),
      "cp__call_workflow", tool("cp__call_workflow", "Runs a workflow of the project to its end and returns its output.",
          Map.of("workflow_id", STRING, "input", Map.of("type", "object")), List.of("workflow_id")),
      "cp__call_workflows", tool("cp__call_workflows", "Runs several workflows of the project in parallel and returns their outputs in order.",
          Map.of("calls", Map.of("type", "array", "items", Map.of("type", "object",
              "properties", Map.of("workflow_id", STRING, "input", Map.of("type", "object")), "required", List.of("workflow_id")))),
          List.of("calls")));

  private BuiltinTools() {}

  public static Optional<ToolDef> find(String id) {
    return Optional.ofNullable(ALL.get(id));
  }

  public static List<String> ids() {
    return ALL.keySet().stream().sorted().toList();
  }

  private static ToolDef tool(String id, String description, Map<String, Object> properties, List<String> required) {
    return new ToolDef(id, description, Map.of("type", "object", "properties", properties, "required", required,
        "additionalProperties", false), null, null, null, null, null);
  }
}
