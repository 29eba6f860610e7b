package io.compozy.registry.resource;

import io.compozy.contracts.dsl.AgentDef;
import io.compozy.contracts.dsl.CompozyFields;
import io.compozy.contracts.dsl.Directives;
import io.compozy.contracts.dsl.McpDef;
import io.compozy.contracts.dsl.MemoryDef;
import io.compozy.contracts.dsl.ModelDef;
import io.compozy.contracts.dsl.ProjectDef;
import io.compozy.contracts.dsl.TaskDef;
import io.compozy.contracts.dsl.ToolDef;
import io.compozy.contracts.dsl.WorkflowDef;
import io.compozy.contracts.dsl.YamlAliases;
import io.compozy.contracts.dsl.YamlLines;
import io.compozy.contracts.json.Json;
import io.compozy.contracts.json.JsonErrors;
import io.compozy.contracts.schema.Violation;
import io.compozy.support.problem.ApiProblem;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads a definition body, JSON or YAML by its content type, into the language's record: unknown
 * fields, wrong types and {@code $ref}/{@code $use} directives are errors with a JSON pointer and
 * (for YAML) the line.
 */
public final class DefinitionParser {
  private DefinitionParser() {}

  static boolean isYaml(@Nullable MediaType type) {
    return type != null && (type.getSubtype().equals("yaml") || type.getSubtype().equals("x-yaml"));
  }

  /**
   * A body's text; bytes that are not UTF-8 are a 400 (decoded leniently they would be stored as
   * replacement characters, the user's text silently changed).
   */
  public static String text(byte @Nullable [] body) {
    if (body == null) {
      return "";
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body))
          .toString();
    } catch (CharacterCodingException e) {
      throw ApiProblem.badRequest("malformed_body", "the body is not valid UTF-8");
    }
  }

  /** One body: read, checked for directives and bound, or a 400/422 problem. */
  public static <T> T parse(String body, @Nullable MediaType contentType, Class<T> type) {
    return parseWithWarnings(body, contentType, type).value();
  }

  /** A definition and the warnings about fields of Compozy's that have no effect here. */
  public record Parsed<T>(T value, List<Violation> warnings) {}

  /** As {@link #parse}, keeping the warnings (dsl/compozy-fields.yaml). */
  public static <T> Parsed<T> parseWithWarnings(
      String body, @Nullable MediaType contentType, Class<T> type) {
    Body parsed = read(body, contentType);
    List<Violation> problems = new ArrayList<>();
    List<Violation> warnings = new ArrayList<>();
    T value = parsed.bind(parsed.tree(), "", type, problems, warnings);
    if (!problems.isEmpty()) {
      throw ApiProblem.invalidInput(
          "the " + parsed.format() + " definition is not valid", problems);
    }
    return new Parsed<>(value, warnings);
  }

  /** The shape of Compozy's catalogue each definition type is read as. */
  private static final Map<Class<?>, String> SHAPES =
      Map.of(
          ProjectDef.class,
          "project",
          WorkflowDef.class,
          "workflow",
          TaskDef.class,
          "task",
          AgentDef.class,
          "agent",
          ToolDef.class,
          "tool",
          MemoryDef.class,
          "memory",
          McpDef.class,
          "mcp",
          ModelDef.class,
          "model");

  /** A body read as a tree, with where its lines are when it is YAML. */
  public static Body read(String body, @Nullable MediaType contentType) {
    if (body.isBlank()) {
      throw ApiProblem.badRequest(
          "missing_body", "a definition body is required (JSON or application/yaml)");
    }
    boolean yaml = isYaml(contentType);
    try {
      JsonNode tree = yaml ? Json.STRICT_YAML.readTree(body) : Json.STRICT_JSON.readTree(body);
      if (tree == null || tree.isMissingNode() || tree.isNull()) {
        throw ApiProblem.badRequest(
            "missing_body", "a definition body is required (JSON or application/yaml)");
      }
      YamlLines lines = yaml ? YamlLines.of(body) : null;
      if (lines != null && lines.unreadable() != null) {
        throw ApiProblem.badRequest(
            "malformed_body", "the body is not valid YAML: " + lines.unreadable());
      }
      if (lines != null) {
        try {
          tree = YamlAliases.resolve(tree, lines.aliasTargets());
        } catch (YamlAliases.TooLarge e) {
          throw ApiProblem.badRequest(
              "malformed_body", "the body is not valid YAML: " + e.getMessage());
        }
      }
      return new Body(tree, lines);
    } catch (JacksonException e) {
      String at =
          yaml && e.getLocation() != null && e.getLocation().getLineNr() > 0
              ? "line " + e.getLocation().getLineNr() + ": "
              : "";
      throw ApiProblem.badRequest(
          "malformed_body",
          "the body is not valid " + (yaml ? "YAML" : "JSON") + ": " + at + JsonErrors.message(e));
    }
  }

  /** A body as a tree; {@link #bind} turns a part of it into a definition, collecting problems. */
  public record Body(JsonNode tree, @Nullable YamlLines lines) {
    String format() {
      return lines == null ? "JSON" : "YAML";
    }

    /**
     * The definition at {@code node} (found at {@code prefix} in the body), or null with its
     * problems added.
     */
    public <T> @Nullable T bind(
        JsonNode node, String prefix, Class<T> type, List<Violation> problems) {
      return bind(node, prefix, type, problems, new ArrayList<>());
    }

    /**
     * As {@link #bind(JsonNode, String, Class, List)}, with Compozy's fields that have no effect
     * here as warnings.
     */
    public <T> @Nullable T bind(
        JsonNode node,
        String prefix,
        Class<T> type,
        List<Violation> problems,
        List<Violation> warnings) {
      String shape = SHAPES.get(type);
      if (shape != null) {
        node = node.deepCopy();
        boolean refused = false;
        for (CompozyFields.Finding f : CompozyFields.apply(node, shape)) {
          (f.error() ? problems : warnings).add(located(prefix + f.pointer(), f.message()));
          refused |= f.error();
        }
        if (refused) {
          return null;
        }
      }
      List<Violation> directives = Directives.check(node);
      if (!directives.isEmpty()) {
        directives.forEach(v -> problems.add(located(prefix + v.pointer(), v.message())));
        return null;
      }
      try {
        T value = Json.STRICT_JSON.treeToValue(node, type);
        if (value == null) {
          problems.add(located(prefix, "a definition is required"));
        }
        return value;
      } catch (JacksonException e) {
        problems.add(located(prefix + JsonErrors.pointer(e), JsonErrors.message(e)));
        return null;
      }
    }

    public Violation located(String pointer, String message) {
      int line = lines == null ? 0 : lines.lineOf(pointer);
      return new Violation(
          pointer,
          line > 0
              ? "line " + line + ", column " + lines.columnOf(pointer) + ": " + message
              : message);
    }
  }
}
