package io.compozy.registry.resource;

import io.compozy.contracts.json.Json;
import io.compozy.contracts.schema.Violation;
import io.compozy.support.problem.ApiProblem;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Reads a definition body, JSON or YAML by its content type, into the language's record: unknown
 * fields and wrong types are errors with a JSON pointer and (for YAML) the line.
 */
final class DefinitionParser {
  private DefinitionParser() {}

  static boolean isYaml(@Nullable MediaType type) {
    return type != null && (type.getSubtype().equals("yaml") || type.getSubtype().equals("x-yaml"));
  }

  static <T> T parse(String body, @Nullable MediaType contentType, Class<T> type) {
    if (body.isBlank()) {
      throw ApiProblem.badRequest("missing_body", "a definition body is required (JSON or application/yaml)");
    }
    boolean yaml = isYaml(contentType);
    try {
      T value = yaml ? Json.STRICT_YAML.readValue(body, type) : Json.STRICT_JSON.readValue(body, type);
      if (value == null) {
        throw ApiProblem.badRequest("missing_body", "a definition body is required (JSON or application/yaml)");
      }
      return value;
    } catch (JacksonException e) {
      String pointer = pointer(e);
      String message = e instanceof UnrecognizedPropertyException u
          ? "unknown field '" + u.getPropertyName() + "'"
          : clean(e.getOriginalMessage());
      if (yaml && e.getLocation() != null && e.getLocation().getLineNr() > 0) {
        message = "line " + e.getLocation().getLineNr() + ": " + message;
      }
      if (e instanceof tools.jackson.core.exc.StreamReadException && !(e instanceof tools.jackson.databind.DatabindException)) {
        throw ApiProblem.badRequest("malformed_body", "the body is not valid " + (yaml ? "YAML" : "JSON") + ": " + message);
      }
      throw ApiProblem.invalidInput("the " + (yaml ? "YAML" : "JSON") + " definition is not valid", List.of(new Violation(pointer, message)));
    }
  }

  private static String pointer(JacksonException e) {
    StringBuilder p = new StringBuilder();
    for (JacksonException.Reference ref : e.getPath()) {
      if (ref.getPropertyName() != null) {
        p.append('/').append(ref.getPropertyName().replace("~", "~0").replace("/", "~1"));
      } else if (ref.getIndex() >= 0) {
        p.append('/').append(ref.getIndex());
      }
    }
    return p.toString();
  }

  /** Jackson names Java classes; users wrote YAML. */
  private static String clean(@Nullable String message) {
    if (message == null) {
      return "not valid";
    }
    return message.lines().findFirst().orElse("")
        .replaceAll("\\(class [\\w.$]+\\)", "")
        .replaceAll("`[\\w.$]+`", "value")
        .replaceAll("io\\.compozy\\.[\\w.$]+", "definition")
        .trim();
  }
}
