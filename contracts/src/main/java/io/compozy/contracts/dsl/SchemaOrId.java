package io.compozy.contracts.dsl;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A tool's {@code input}/{@code output} schema written in place, or (as Compozy allows) named by a
 * schema id: {@code input: city_input} is read as {@code {"$ref": "city_input"}} (by {@link
 * CompozyFields}, before the tool is bound) and resolved against the workflow's and the project's
 * schemas where the tool is used.
 */
public final class SchemaOrId {
  static final String REF = "$ref";

  private SchemaOrId() {}

  /**
   * A schema id as the schema that references it ({@code {"$ref": id}}): how a definition's tree is
   * read (see CompozyFields).
   */
  public static Map<String, Object> reference(String id) {
    return Map.of(REF, id);
  }

  /** The schema id a schema names, when it is only a reference to one ({@code {"$ref": "id"}}). */
  public static @Nullable String idOf(@Nullable Map<String, Object> schema) {
    if (schema != null
        && schema.size() == 1
        && schema.get(REF) instanceof String id
        && !id.contains("/")
        && !id.contains("#")) {
      return id;
    }
    return null;
  }

  /**
   * {@code schema} with a reference to a schema id replaced by that schema (unchanged when it names
   * none).
   */
  public static @Nullable Map<String, Object> resolve(
      @Nullable Map<String, Object> schema, Function<String, Optional<Map<String, Object>>> byId) {
    String id = idOf(schema);
    return id == null ? schema : byId.apply(id).orElse(schema);
  }
}
