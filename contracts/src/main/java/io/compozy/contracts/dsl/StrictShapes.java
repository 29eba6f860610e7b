package io.compozy.contracts.dsl;

import io.compozy.contracts.json.Json;
import io.compozy.contracts.json.JsonErrors;
import io.compozy.contracts.schema.Violation;
import java.util.List;
import tools.jackson.core.JacksonException;

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
      problems.add(new Violation(at + JsonErrors.pointer(e), JsonErrors.message(e)));
    } catch (IllegalArgumentException e) {
      problems.add(
          new Violation(
              at, String.valueOf(e.getMessage()).lines().findFirst().orElse("not valid")));
    }
  }
}
