package io.compozy.contracts.dsl;

import io.compozy.contracts.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Compozy's fields, by shape, with what the platform does with each (dsl/compozy-fields.yaml):
 * before a definition is bound, documentation fields are set aside, fields the platform does not
 * act on are set aside with one warning each, and refused ones are errors, each at its pointer.
 * Anything else unknown is left for the strict binding, which names the nearest known field.
 */
public final class CompozyFields {
  /** What the platform does with one field. */
  public sealed interface Status {
    /**
     * Read and acted on; {@code shape} is the shape of its value (null for a plain value), {@code
     * list} when a list of them.
     */
    record Honoured(String shape, boolean list) implements Status {}

    /** Describes the file; nothing to act on. */
    record Documentation() implements Status {}

    /** Accepted; has no effect here, for {@code why}. */
    record Ignored(String why) implements Status {}

    /** An error at load, for {@code why}. */
    record Refused(String why) implements Status {}

    /** Another name of {@code field} (Compozy's examples write both). */
    record Alias(String field) implements Status {}
  }

  /** Shape → field → status, in the catalogue's order. */
  public static final Map<String, Map<String, Status>> CATALOGUE = load();

  private CompozyFields() {}

  /** A field set aside with a warning, or refused. */
  public record Finding(String pointer, String message, boolean error) {}

  private static Map<String, Map<String, Status>> load() {
    try (InputStream in = CompozyFields.class.getResourceAsStream("/dsl/compozy-fields.yaml")) {
      @SuppressWarnings("unchecked")
      Map<String, Map<String, String>> raw = Json.YAML.readValue(in, Map.class);
      Map<String, Map<String, Status>> out = new LinkedHashMap<>();
      raw.forEach(
          (shape, fields) -> {
            Map<String, Status> statuses = new LinkedHashMap<>();
            fields.forEach((field, text) -> statuses.put(field, parse(shape + "." + field, text)));
            out.put(shape, Collections.unmodifiableMap(statuses));
          });
      return Collections.unmodifiableMap(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Status parse(String where, String text) {
    if (text.equals("honoured")) {
      return new Status.Honoured(null, false);
    }
    if (text.startsWith("honoured -> ")) {
      String shape = text.substring("honoured -> ".length());
      boolean list = shape.endsWith("[]");
      return new Status.Honoured(list ? shape.substring(0, shape.length() - 2) : shape, list);
    }
    if (text.equals("documentation")) {
      return new Status.Documentation();
    }
    if (text.startsWith("ignored: ")) {
      return new Status.Ignored(text.substring("ignored: ".length()));
    }
    if (text.startsWith("alias: ")) {
      return new Status.Alias(text.substring("alias: ".length()));
    }
    if (text.startsWith("refused: ")) {
      return new Status.Refused(text.substring("refused: ".length()));
    }
    throw new IllegalStateException(
        "dsl/compozy-fields.yaml " + where + ": no status in '" + text + "'");
  }

  /**
   * Sets aside, in place, the fields of {@code tree} (a definition of {@code shape}) that the
   * platform does not bind, and says what it did with each.
   */
  public static List<Finding> apply(JsonNode tree, String shape) {
    List<Finding> findings = new ArrayList<>();
    walk(tree, shape, "", findings, 0);
    return findings;
  }

  private static void walk(
      JsonNode node, String shape, String pointer, List<Finding> findings, int depth) {
    Map<String, Status> fields = CATALOGUE.get(shape);
    if (!(node instanceof ObjectNode object) || fields == null || depth > YamlLines.MAX_DEPTH) {
      return;
    }
    Map<String, Status> byType =
        object.path("type").isString()
            ? CATALOGUE.get(shape + "/" + object.path("type").asString())
            : null;
    for (String name : new ArrayList<>(object.propertyNames())) {
      String at = pointer + "/" + name.replace("~", "~0").replace("/", "~1");
      Status status =
          byType != null && byType.containsKey(name) ? byType.get(name) : fields.get(name);
      switch (status) {
        case Status.Honoured h when "schema_ref".equals(h.shape()) -> {
          if (object.get(name).isString()) {
            object.set(
                name, Json.MAPPER.valueToTree(SchemaOrId.reference(object.get(name).asString())));
          }
        }
        case Status.Honoured h when h.shape() != null -> {
          JsonNode value = object.get(name);
          if (h.list() && value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
              walk(value.get(i), h.shape(), at + "/" + i, findings, depth + 1);
            }
          } else if (!h.list()) {
            walk(value, h.shape(), at, findings, depth + 1);
          }
        }
        case Status.Documentation d -> object.remove(name);
        case Status.Ignored i -> {
          object.remove(name);
          findings.add(new Finding(at, "'" + name + "' has no effect here: " + i.why(), false));
        }
        case Status.Refused r ->
            findings.add(new Finding(at, "'" + name + "' is not supported: " + r.why(), true));
        case Status.Alias a -> {
          JsonNode value = object.remove(name);
          if (!object.has(a.field())) {
            object.set(a.field(), value);
            if (fields.get(a.field()) instanceof Status.Honoured h
                && h.shape() != null
                && !h.list()
                && !"schema_ref".equals(h.shape())) {
              walk(
                  value, h.shape(), at, findings,
                  depth + 1); // under the name the file wrote, so findings keep its line
            }
          }
        }
        case null, default -> {}
      }
    }
  }
}
