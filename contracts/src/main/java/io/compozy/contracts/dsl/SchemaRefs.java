package io.compozy.contracts.dsl;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Schemas written in place or named by id ({@code config: {input: user_input}}): a name is looked
 * up in the workflow's own {@code schemas}, then in the shared ones (the project's or stored).
 */
public final class SchemaRefs {
  private SchemaRefs() {}

  /**
   * The schema {@code ref} stands for: itself when written in place; empty when it names no schema.
   */
  @SuppressWarnings("unchecked")
  public static Optional<Map<String, Object>> resolve(
      @Nullable Object ref,
      @Nullable List<Object> local,
      Function<String, Optional<Map<String, Object>>> shared) {
    return switch (ref) {
      case Map<?, ?> inline -> Optional.of((Map<String, Object>) inline);
      case String id -> byId(local, id).map(SchemaRefs::withoutId).or(() -> shared.apply(id));
      case null, default -> Optional.empty();
    };
  }

  /** The entry of a list of definitions (maps) whose {@code id} is {@code id}. */
  @SuppressWarnings("unchecked")
  public static Optional<Map<String, Object>> byId(@Nullable List<Object> definitions, String id) {
    if (definitions == null) {
      return Optional.empty();
    }
    return definitions.stream()
        .filter(d -> d instanceof Map<?, ?> m && id.equals(m.get("id")))
        .findFirst()
        .map(d -> (Map<String, Object>) d);
  }

  /** A stored schema carries its {@code id}; as a JSON Schema it is read without it. */
  public static Map<String, Object> withoutId(Map<?, ?> schema) {
    Map<String, Object> out = new LinkedHashMap<>();
    schema.forEach(
        (k, v) -> {
          if (!"id".equals(k)) {
            out.put(String.valueOf(k), v);
          }
        });
    return out;
  }
}
