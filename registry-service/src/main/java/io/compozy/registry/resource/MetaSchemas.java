package io.compozy.registry.resource;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.module.jackson.JacksonOption;
import com.github.victools.jsonschema.module.jackson.JacksonSchemaModule;
import io.compozy.contracts.json.Json;
import io.compozy.support.problem.ApiProblem;
import io.compozy.support.web.ApiResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /schemas/_meta/{kind}}: the JSON Schema (draft 2020-12) of each kind of definition,
 * generated from the language's records, so editors can check YAML as it is typed. Fields the
 * records mark {@code @Nullable} are optional; unknown fields are not allowed, as in the API.
 */
@RestController
@RequestMapping("/api/v0/schemas/_meta")
@Tag(name = "Project")
class MetaSchemas {
  private static final String BASE = "https://compozy.dev/schemas/";
  private final SchemaGenerator generator;
  private final Map<String, Map<String, Object>> cache = new ConcurrentHashMap<>();

  MetaSchemas() {
    var config =
        new SchemaGeneratorConfigBuilder(SchemaVersion.DRAFT_2020_12, OptionPreset.PLAIN_JSON)
            .with(
                new JacksonSchemaModule(
                    JacksonOption.RESPECT_JSONPROPERTY_REQUIRED,
                    // an enum of the language is written by its wire names, not its Java names
                    JacksonOption.FLATTENED_ENUMS_FROM_JSONVALUE,
                    JacksonOption.FLATTENED_ENUMS_FROM_JSONPROPERTY))
            .with(
                Option.FORBIDDEN_ADDITIONAL_PROPERTIES_BY_DEFAULT,
                Option.MAP_VALUES_AS_ADDITIONAL_PROPERTIES,
                Option.DEFINITIONS_FOR_ALL_OBJECTS);
    config
        .forFields()
        .withRequiredCheck(
            f ->
                !f.getRawMember().getAnnotatedType().isAnnotationPresent(Nullable.class)
                    && !f.getDeclaringType().getErasedType().isInterface())
        // the API reads snake_case (Json.MAPPER's naming strategy)
        .withPropertyNameOverrideResolver(
            f ->
                f.getAnnotationConsideringFieldAndGetter(JsonProperty.class, a -> true) != null
                    ? null
                    : f.getDeclaredName()
                        .replaceAll("([a-z0-9])([A-Z])", "$1_$2")
                        .toLowerCase(Locale.ROOT));
    this.generator = new SchemaGenerator(config.build());
  }

  @GetMapping("/{kind}")
  @Operation(
      operationId = "getDefinitionSchema",
      summary = "The JSON Schema of a kind of definition, for editors")
  ApiResponse<Map<String, Object>> schema(@PathVariable String kind) {
    String path = kind.endsWith("s") || kind.equals("project") ? kind : plural(kind);
    DefinitionKind k =
        path.equals(DefinitionKind.PROJECT.path()) ? DefinitionKind.PROJECT : known(path, kind);
    return ApiResponse.of(
        cache.computeIfAbsent(k.path(), p -> generate(k)), "JSON Schema of a " + k.word());
  }

  private static DefinitionKind known(String path, String asked) {
    if (!DefinitionKind.SUPPORTED.containsKey(path)) {
      throw new ApiProblem(
          HttpStatus.NOT_FOUND,
          "not_found",
          "Not found",
          "no kind of definition '"
              + asked
              + "' (one of project, "
              + String.join(
                  ", ",
                  DefinitionKind.SUPPORTED.values().stream().map(DefinitionKind::word).toList())
              + ")",
          Map.of());
    }
    return DefinitionKind.SUPPORTED.get(path);
  }

  private static String plural(String word) {
    return switch (word) {
      case "memory" -> "memories";
      default -> word + "s";
    };
  }

  /** The JSON Schema of a kind of definition (kept once made). */
  Map<String, Object> of(DefinitionKind k) {
    return cache.computeIfAbsent(k.path(), p -> generate(k));
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> generate(DefinitionKind k) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    out.put("$id", BASE + k.word() + ".json");
    out.put("title", "Compozy " + k.word());
    if (k.type() == Map.class) {
      // a schema definition is a JSON Schema with an id
      out.put("$ref", "https://json-schema.org/draft/2020-12/schema");
      out.put("required", List.of("id"));
      out.put("properties", Map.of("id", Map.of("type", "string")));
      return out;
    }
    ObjectNode generated = generator.generateSchema(k.type());
    generated.remove("$schema");
    out.putAll(Json.MAPPER.convertValue(generated, Map.class));
    return out;
  }
}
