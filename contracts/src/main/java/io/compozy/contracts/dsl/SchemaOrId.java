package io.compozy.contracts.dsl;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;

/**
 * A tool's {@code input}/{@code output} schema written in place, or (as Compozy allows) named by
 * a schema id: {@code input: city_input} is read as {@code {"$ref": "city_input"}} and resolved
 * against the workflow's and the project's schemas where the tool is used.
 */
public final class SchemaOrId {
  static final String REF = "$ref";

  private SchemaOrId() {}

  /** Reads a string as a reference to a schema id, a mapping as the schema itself. */
  public static final class Deserializer extends ValueDeserializer<Map<String, Object>> {
    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> deserialize(JsonParser p, DeserializationContext ctxt) {
      if (p.currentToken() == JsonToken.VALUE_STRING) {
        return Map.of(REF, p.getString());
      }
      return (Map<String, Object>) ctxt.readValue(p, Map.class);
    }
  }

  /** The schema id a schema names, when it is only a reference to one ({@code {"$ref": "id"}}). */
  public static @Nullable String idOf(@Nullable Map<String, Object> schema) {
    if (schema != null && schema.size() == 1 && schema.get(REF) instanceof String id && !id.contains("/") && !id.contains("#")) {
      return id;
    }
    return null;
  }

  /** {@code schema} with a reference to a schema id replaced by that schema (unchanged when it names none). */
  public static @Nullable Map<String, Object> resolve(@Nullable Map<String, Object> schema, Function<String, Optional<Map<String, Object>>> byId) {
    String id = idOf(schema);
    return id == null ? schema : byId.apply(id).orElse(schema);
  }
}
