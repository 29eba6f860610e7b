package io.compozy.contracts.schema;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import io.compozy.contracts.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Validates values against the JSON Schemas (draft 2020-12) of the project language, reporting each
 * violation with a JSON pointer, and fills in schema defaults before validation.
 */
public final class JsonSchemas {
  private static final int CACHE_LIMIT = 2_000;
  private final SchemaRegistry registry =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
  private final Map<String, Schema> cache = new ConcurrentHashMap<>();

  /** Violations of {@code value} against {@code schema}, pointers prefixed with {@code prefix}. */
  public List<Violation> validate(Map<String, ?> schema, @Nullable Object value, String prefix) {
    Schema compiled = compile(schema);
    JsonNode node = Json.tree(value);
    List<Violation> out = new ArrayList<>();
    for (Error e : compiled.validate(node)) {
      String pointer = pointer(e.getInstanceLocation());
      if ("required".equals(e.getKeyword()) && e.getProperty() != null) {
        pointer = pointer + "/" + escape(e.getProperty());
      }
      out.add(new Violation(prefix + pointer, e.getMessage()));
    }
    return out;
  }

  /**
   * What makes {@code schema} not a draft 2020-12 JSON Schema (checked against the meta-schema),
   * pointers into it.
   */
  public List<Violation> schemaProblems(Map<String, ?> schema) {
    Schema meta =
        registry.getSchema(SchemaLocation.of(SpecificationVersion.DRAFT_2020_12.getDialectId()));
    List<Violation> out = new ArrayList<>();
    for (Error e : meta.validate(withoutEmptyTypes(Json.tree(schema), 0))) {
      out.add(new Violation(pointer(e.getInstanceLocation()), e.getMessage()));
    }
    return out;
  }

  /**
   * A copy of {@code value} with the schema's {@code default}s filled in where properties are
   * absent.
   */
  @SuppressWarnings("unchecked")
  public @Nullable Object applyDefaults(Map<String, ?> schema, @Nullable Object value) {
    if (!(value instanceof Map<?, ?> map)
        || !(schema.get("properties") instanceof Map<?, ?> props)) {
      return value;
    }
    Map<String, @Nullable Object> out = new LinkedHashMap<>((Map<String, Object>) map);
    props.forEach(
        (name, sub) -> {
          if (!(sub instanceof Map<?, ?> subSchema)) {
            return;
          }
          String key = String.valueOf(name);
          if (!out.containsKey(key) && subSchema.containsKey("default")) {
            out.put(key, subSchema.get("default"));
          } else if (out.get(key) instanceof Map<?, ?>) {
            out.put(key, applyDefaults((Map<String, ?>) subSchema, out.get(key)));
          }
        });
    return out;
  }

  private Schema compile(Map<String, ?> schema) {
    String key = Json.write(schema);
    Schema s = cache.get(key);
    if (s == null) {
      s = registry.getSchema(withoutEmptyTypes(Json.tree(schema), 0));
      if (cache.size() < CACHE_LIMIT) {
        cache.put(key, s);
      }
    }
    return s;
  }

  /**
   * A schema whose {@code type} is empty ({@code type:} with no value, or {@code ""}) constrains no
   * type, as Compozy's validator reads it; removed before compiling, at any depth.
   */
  static JsonNode withoutEmptyTypes(JsonNode node, int depth) {
    if (depth > 200 || !(node.isObject() || node.isArray())) {
      return node;
    }
    if (node instanceof ObjectNode o) {
      JsonNode type = o.get("type");
      if (type != null && (type.isNull() || type.isString() && type.asString().isBlank())) {
        o.remove("type");
      }
    }
    for (JsonNode child : node.values()) {
      withoutEmptyTypes(child, depth + 1);
    }
    return node;
  }

  private static String pointer(NodePath path) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < path.getNameCount(); i++) {
      out.append('/').append(escape(path.getName(i)));
    }
    return out.toString();
  }

  private static String escape(String segment) {
    return segment.replace("~", "~0").replace("/", "~1");
  }
}
