package io.compozy.contracts.dsl;

import io.compozy.contracts.json.Json;
import io.compozy.contracts.schema.Violation;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Parts of a definition kept as written (inline agents and MCP servers, webhook blocks, the
 * project's config, memories and MCP servers) are still checked against their record: unknown
 * fields and wrong types are problems with their pointer, as for the rest of the definition.
 */
final class StrictShapes {
  private StrictShapes() {}

  static void check(Object value, Class<?> type, String at, List<Violation> problems) {
    try {
      Json.STRICT_JSON.convertValue(value, type);
    } catch (JacksonException e) {
      StringBuilder pointer = new StringBuilder(at);
      for (JacksonException.Reference ref : e.getPath()) {
        if (ref.getPropertyName() != null) {
          pointer.append('/').append(ref.getPropertyName().replace("~", "~0").replace("/", "~1"));
        } else if (ref.getIndex() >= 0) {
          pointer.append('/').append(ref.getIndex());
        }
      }
      String message = e instanceof UnrecognizedPropertyException u ? "unknown field '" + u.getPropertyName() + "'"
          : String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("not valid")
              .replaceAll("\\(class [\\w.$]+\\)", "").replaceAll("`[\\w.$]+`", "value").trim();
      problems.add(new Violation(pointer.toString(), message));
    } catch (IllegalArgumentException e) {
      problems.add(new Violation(at, String.valueOf(e.getMessage()).lines().findFirst().orElse("not valid")));
    }
  }
}
