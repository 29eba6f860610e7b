package io.compozy.registry.resource;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The component schemas of an OpenAPI document, fed JSON Schemas as the language's generator makes
 * them: their {@code $defs} become components of their own (a {@code #/$defs/…} reference would
 * point into the document's root) and their references are rewritten to them; {@code $id} and
 * {@code $schema} go, since they would change what references resolve against.
 */
final class ComponentSchemas {
  private static final int MAX_DEPTH = 64;
  private final Components components;

  /** Definitions renamed as components (see {@link #variantNames}). */
  private final Map<String, String> names = new LinkedHashMap<>();

  /**
   * Kinds that are a choice among others, by their schema without title: see {@link #referenced}.
   */
  private final Map<Map<String, Object>, String> unions = new HashMap<>();

  ComponentSchemas(OpenAPI api) {
    if (api.getComponents() == null) {
      api.setComponents(new Components());
    }
    this.components = api.getComponents();
  }

  void put(String name, Schema<?> schema) {
    components.addSchemas(name, schema);
  }

  @SuppressWarnings("unchecked")
  void putJsonSchema(String name, Map<String, Object> jsonSchema) {
    Map<String, Object> root = new LinkedHashMap<>(jsonSchema);
    root.remove("$id");
    root.remove("$schema");
    Object defs = root.remove("$defs");
    Map<String, String> kinds = new LinkedHashMap<>();
    if (defs instanceof Map<?, ?> all) {
      names.putAll(variantNames((Map<String, Object>) all));
      ((Map<String, Object>) all)
          .forEach(
              (def, schema) -> {
                if (schema instanceof Map<?, ?> m
                    && m.get("properties") instanceof Map<?, ?> props
                    && props.get("type") instanceof Map<?, ?> type
                    && type.get("const") instanceof String value) {
                  kinds.put("#/$defs/" + def, value);
                }
              });
      Map<String, Object> whole = (Map<String, Object>) rewrite(discriminated(root, kinds, 0), 0);
      if (whole.containsKey("oneOf")) {
        unions.put(withoutTitle(whole), name);
      }
      ((Map<String, Object>) all)
          .forEach(
              (def, schema) -> {
                String component = componentName(def);
                if (components.getSchemas() == null
                    || !components.getSchemas().containsKey(component)) {
                  Object part = rewrite(discriminated(schema, kinds, 0), 0);
                  components.addSchemas(
                      component, schema((Map<String, Object>) referenced(part, 0)));
                }
              });
    }
    components.addSchemas(
        name,
        schema((Map<String, Object>) referenced(rewrite(discriminated(root, kinds, 0), 0), 0)));
  }

  private static Map<String, Object> withoutTitle(Map<String, Object> schema) {
    Map<String, Object> out = new LinkedHashMap<>(schema);
    out.remove("title");
    out.remove("description");
    return out;
  }

  /**
   * A kind that is a choice (a task is one of the task kinds), written out again inside a part of
   * this or another kind (a collection's {@code task}, a workflow's {@code tasks}), as a reference
   * to the kind's component: inline, a generated client would make it a class of its own ({@code
   * CollectionTaskFieldsTask}) beside {@code Task}. Kinds that others refer to are put first.
   */
  @SuppressWarnings("unchecked")
  private Object referenced(Object node, int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalStateException("a JSON Schema nested deeper than " + MAX_DEPTH);
    }
    if (node instanceof Map<?, ?> map) {
      String kind =
          depth > 0 && map.containsKey("oneOf")
              ? unions.get(withoutTitle((Map<String, Object>) map))
              : null;
      if (kind != null) {
        return Map.of("$ref", "#/components/schemas/" + kind);
      }
      Map<String, Object> out = new LinkedHashMap<>();
      ((Map<String, Object>) map).forEach((k, v) -> out.put(k, referenced(v, depth + 1)));
      return out;
    }
    if (node instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(v -> out.add(referenced(v, depth + 1)));
      return out;
    }
    return node;
  }

  /**
   * A choice among schemas that each fix their {@code type} ({@code const}), such as the kinds of
   * task, as a {@code oneOf} with a discriminator on {@code type}: a generated client then reads
   * each item as its own kind (with {@code anyOf} it takes the first that fits, and drops the
   * rest).
   */
  @SuppressWarnings("unchecked")
  private Object discriminated(Object node, Map<String, String> kinds, int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalStateException("a JSON Schema nested deeper than " + MAX_DEPTH);
    }
    if (node instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      ((Map<String, Object>) map).forEach((k, v) -> out.put(k, discriminated(v, kinds, depth + 1)));
      if (out.get("anyOf") instanceof List<?> choices
          && !choices.isEmpty()
          && choices.stream()
              .allMatch(
                  c ->
                      c instanceof Map<?, ?> m
                          && m.size() == 1
                          && m.get("$ref") instanceof String ref
                          && kinds.containsKey(ref))) {
        Map<String, Object> mapping = new LinkedHashMap<>();
        choices.forEach(
            c -> {
              String ref = (String) ((Map<?, ?>) c).get("$ref");
              mapping.put(
                  kinds.get(ref),
                  "#/components/schemas/" + componentName(ref.substring("#/$defs/".length())));
            });
        out.remove("anyOf");
        out.put("oneOf", choices);
        out.put("discriminator", Map.of("propertyName", "type", "mapping", mapping));
      }
      return out;
    }
    if (node instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(v -> out.add(discriminated(v, kinds, depth + 1)));
      return out;
    }
    return node;
  }

  /**
   * The schema generator numbers two definitions of one class ({@code BasicTask-1}, {@code
   * BasicTask-2}): the fields, and the kind that adds its {@code type} constant to them. Numbered
   * names become numbered classes in generated clients, so the kind takes the class's name and the
   * fields {@code …Fields}.
   */
  @SuppressWarnings("unchecked")
  private static Map<String, String> variantNames(Map<String, Object> defs) {
    Map<String, String> out = new LinkedHashMap<>();
    defs.forEach(
        (def, schema) -> {
          var numbered = Pattern.compile("(.+)-\\d+").matcher(def);
          // the kind names the fields beside its own keywords ($ref with siblings), or, rewritten,
          // in an allOf
          Object ref =
              schema instanceof Map<?, ?> m
                  ? m.get("$ref") instanceof String r
                      ? r
                      : m.get("allOf") instanceof List<?> all
                              && all.size() == 1
                              && all.getFirst() instanceof Map<?, ?> base
                          ? base.get("$ref")
                          : null
                  : null;
          if (numbered.matches()
              && ref instanceof String refText
              && refText.startsWith("#/$defs/")
              && schema instanceof Map<?, ?> m
              && m.get("properties") instanceof Map<?, ?> props
              && props.get("type") instanceof Map<?, ?> type
              && type.get("const") != null) {
            String ref2 = refText;
            String fields = ref2.substring("#/$defs/".length());
            if (!defs.containsKey(numbered.group(1))
                && !defs.containsKey(numbered.group(1) + "Fields")) {
              out.put(def, numbered.group(1));
              out.put(fields, numbered.group(1) + "Fields");
            }
          }
        });
    return out;
  }

  /** Component names may hold letters, digits, {@code . - _} only. */
  private String componentName(String def) {
    return names.getOrDefault(def, def).replaceAll("[^A-Za-z0-9._-]", "_");
  }

  @SuppressWarnings("unchecked")
  private Object rewrite(Object node, int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalStateException("a JSON Schema nested deeper than " + MAX_DEPTH);
    }
    if (node instanceof Map<?, ?> map && map.containsKey("$ref") && map.size() > 1) {
      // a reference with other keywords beside it: legal in 3.1, refused by code generators; as
      // allOf it reads the same
      Map<String, Object> out = new LinkedHashMap<>((Map<String, Object>) map);
      Object ref = out.remove("$ref");
      out.put("allOf", List.of(Map.of("$ref", ref)));
      return rewrite(out, depth + 1);
    }
    if (node instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      ((Map<String, Object>) map)
          .forEach(
              (k, v) -> {
                if (k.equals("$ref") && v instanceof String ref && ref.startsWith("#/$defs/")) {
                  out.put(
                      k,
                      "#/components/schemas/" + componentName(ref.substring("#/$defs/".length())));
                } else {
                  out.put(k, rewrite(v, depth + 1));
                }
              });
      return out;
    }
    if (node instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(v -> out.add(rewrite(v, depth + 1)));
      return out;
    }
    return node;
  }

  /**
   * Read by swagger's own 3.1 deserializer (a plain conversion loses {@code additionalProperties:
   * false}, type lists, …).
   */
  private static Schema<?> schema(Map<String, Object> jsonSchema) {
    var mapper = Json31.mapper();
    try {
      return mapper.readValue(mapper.writeValueAsString(jsonSchema), Schema.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "a generated JSON Schema swagger cannot read: " + e.getOriginalMessage(), e);
    }
  }
}
