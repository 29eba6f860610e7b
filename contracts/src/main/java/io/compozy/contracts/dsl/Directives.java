package io.compozy.contracts.dsl;

import io.compozy.contracts.schema.Violation;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Compozy's Go version resolved {@code $ref: local::schemas.#(id=="x")} and {@code $use:
 * agent(...)} directives; this language names other resources by plain id instead. Both are found
 * anywhere in a definition and refused with the way to write it. A {@code $ref} inside a JSON
 * Schema ({@code "#/$defs/..."} or a URL) is JSON Schema's own and stays.
 */
public final class Directives {
  private Directives() {}

  public static List<Violation> check(JsonNode tree) {
    List<Violation> problems = new ArrayList<>();
    walk(tree, "", problems);
    return problems;
  }

  private static void walk(JsonNode node, String at, List<Violation> problems) {
    if (node.isObject()) {
      for (var e : node.properties()) {
        String here = at + "/" + e.getKey().replace("~", "~0").replace("/", "~1");
        if (e.getKey().equals("$use")) {
          problems.add(
              new Violation(
                  here,
                  "$use directives are not supported: name the resource by its id, e.g. `agent:"
                      + " writer` (an agent's action with `action: <id>`)"));
        } else if (e.getKey().equals("$ref")
            && e.getValue().isString()
            && e.getValue().asString().contains("::")) {
          problems.add(
              new Violation(
                  here,
                  "$ref directives are not supported: name the resource by its id, e.g. `tool:"
                      + " my-tool` or `input: <schema id>`"));
        } else {
          walk(e.getValue(), here, problems);
        }
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        walk(node.get(i), at + "/" + i, problems);
      }
    }
  }
}
