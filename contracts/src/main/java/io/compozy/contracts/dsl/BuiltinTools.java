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
  private static final Map<String, Object> OBJECT = Map.of("type", "object");
  private static final Map<String, Object> BOOLEAN = Map.of("type", "boolean");
  private static final Map<String, Object> INTEGER = Map.of("type", "integer");
  private static final Map<String, Object> MILLIS = Map.of("type", "integer", "minimum", 0);
  private static final Map<String, Object> STRINGS = Map.of("type", "array", "items", STRING);
  // Compozy's names: `with` for agents and tasks (`input` read too), `input` for workflows,
  // `timeout_ms` everywhere
  private static final Map<String, Object> AGENT_CALL =
      Map.of(
          "agent_id",
          STRING,
          "action_id",
          STRING,
          "prompt",
          STRING,
          "with",
          OBJECT,
          "input",
          OBJECT,
          "timeout_ms",
          MILLIS);
  private static final Map<String, Object> TASK_CALL =
      Map.of("task_id", STRING, "with", OBJECT, "input", OBJECT, "timeout_ms", MILLIS);
  private static final Map<String, Object> WORKFLOW_CALL =
      Map.of(
          "workflow_id", STRING, "input", OBJECT, "initial_task_id", STRING, "timeout_ms", MILLIS);

  private static final Map<String, ToolDef> ALL =
      Map.ofEntries(
          entry(
              "cp__fetch",
              "Performs an HTTP(S) request and returns its status, headers and body (text,"
                  + " size-capped).",
              Map.of(
                  "url",
                  STRING,
                  "method",
                  STRING,
                  "headers",
                  Map.of("type", "object", "additionalProperties", STRING),
                  "body",
                  Map.of("type", List.of("string", "object", "array", "number", "boolean", "null")),
                  "timeout_ms",
                  Map.of("type", "integer", "minimum", 1)),
              List.of("url")),
          entry(
              "cp__read_file",
              "Reads a text file under the tools root.",
              Map.of("path", STRING),
              List.of("path")),
          entry(
              "cp__write_file",
              "Writes (or appends to) a text file under the tools root, creating folders as"
                  + " needed.",
              Map.of("path", STRING, "content", STRING, "append", BOOLEAN, "mode", INTEGER),
              List.of("path", "content")),
          entry(
              "cp__list_dir",
              "Lists a folder under the tools root, a page at a time.",
              Map.of(
                  "path",
                  STRING,
                  "pattern",
                  STRING,
                  "recursive",
                  BOOLEAN,
                  "include_files",
                  BOOLEAN,
                  "include_dirs",
                  BOOLEAN,
                  "page_size",
                  INTEGER,
                  "page_token",
                  STRING),
              List.of("path")),
          entry(
              "cp__list_files",
              "Lists the files of a folder under the tools root (recursively when asked), without"
                  + " those matching exclude globs.",
              Map.of(
                  "dir",
                  STRING,
                  "exclude",
                  Map.of("oneOf", List.of(STRING, STRINGS)),
                  "recursive",
                  BOOLEAN),
              List.of("dir")),
          entry(
              "cp__delete_file",
              "Deletes a file under the tools root, or a folder with recursive: true.",
              Map.of("path", STRING, "recursive", BOOLEAN),
              List.of("path")),
          entry(
              "cp__list_agents",
              "Lists the agents of the project and their actions.",
              Map.of(),
              List.of()),
          entry(
              "cp__describe_agent",
              "Describes an agent of the project: its actions and their prompts.",
              Map.of("agent_id", STRING),
              List.of("agent_id")),
          entry(
              "cp__grep",
              "Finds every match of a regular expression in a file, or the files of a folder, under"
                  + " the tools root.",
              Map.of(
                  "pattern",
                  STRING,
                  "path",
                  STRING,
                  "recursive",
                  BOOLEAN,
                  "ignore_case",
                  BOOLEAN,
                  "max_results",
                  INTEGER,
                  "max_files_visited",
                  INTEGER,
                  "max_file_bytes",
                  INTEGER),
              List.of("pattern", "path")),
          entry(
              "cp__exec",
              "Runs an allow-listed command (no shell) and returns its output, exit code and time.",
              Map.of(
                  "command",
                  STRING,
                  "args",
                  STRINGS,
                  "working_dir",
                  STRING,
                  "timeout_ms",
                  Map.of("type", "integer", "minimum", 1),
                  "env",
                  Map.of("type", "object", "additionalProperties", STRING)),
              List.of("command")),
          entry(
              "cp__call_agent",
              "Asks another agent of the project (an action, a prompt, or both) and returns its"
                  + " answer.",
              AGENT_CALL,
              List.of("agent_id")),
          entry(
              "cp__call_agents",
              "Asks several agents of the project in parallel and returns their answers in order.",
              Map.of(
                  "agents", array(AGENT_CALL, "agent_id"), "calls", array(AGENT_CALL, "agent_id")),
              List.of()),
          entry(
              "cp__call_workflow",
              "Runs a workflow of the project to its end and returns its output.",
              WORKFLOW_CALL,
              List.of("workflow_id")),
          entry(
              "cp__call_workflows",
              "Runs several workflows of the project in parallel and returns their outputs in"
                  + " order.",
              Map.of(
                  "workflows",
                  array(WORKFLOW_CALL, "workflow_id"),
                  "calls",
                  array(WORKFLOW_CALL, "workflow_id")),
              List.of()),
          entry(
              "cp__call_task",
              "Runs a stored task definition of the project with the given input and returns its"
                  + " result.",
              TASK_CALL,
              List.of("task_id")),
          entry(
              "cp__call_tasks",
              "Runs several stored task definitions in parallel and returns their results in"
                  + " order.",
              Map.of("tasks", array(TASK_CALL, "task_id"), "calls", array(TASK_CALL, "task_id")),
              List.of()));

  private BuiltinTools() {}

  public static Optional<ToolDef> find(String id) {
    return Optional.ofNullable(ALL.get(id));
  }

  public static List<String> ids() {
    return ALL.keySet().stream().sorted().toList();
  }

  private static Map<String, Object> array(Map<String, Object> itemProperties, String required) {
    return Map.of(
        "type",
        "array",
        "items",
        Map.of("type", "object", "properties", itemProperties, "required", List.of(required)));
  }

  private static Map.Entry<String, ToolDef> entry(
      String id, String description, Map<String, Object> properties, List<String> required) {
    return Map.entry(
        id,
        new ToolDef(
            id,
            description,
            Map.of(
                "type",
                "object",
                "properties",
                properties,
                "required",
                required,
                "additionalProperties",
                false),
            null,
            null,
            null,
            null,
            null));
  }
}
