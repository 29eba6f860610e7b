package io.compozy.gateway.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class OpenApiMergerTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static JsonNode doc(String path, String schemaName, String schemaType) {
    return JSON.readTree(
        """
        {"paths": {"%s": {"get": {"operationId": "op%s", "responses": {"200": {"description": "OK",
           "content": {"application/json": {"schema": {"$ref": "#/components/schemas/%s"}}}}}}}},
         "components": {"schemas": {"%s": {"type": "%s"}}}}\
        """
            .formatted(path, Math.abs(path.hashCode()), schemaName, schemaName, schemaType));
  }

  @Test
  void twoServicesNamingDifferentSchemasAlikeAreReported() {
    Map<String, JsonNode> docs = new LinkedHashMap<>();
    docs.put("registry", doc("/api/v0/b", "Page", "object"));
    docs.put("execution", doc("/api/v0/a", "Page", "array"));
    JsonNode merged = OpenApiMerger.merge(docs, List.of(), Set.of());
    assertThat(merged.path("x-compozy-component-conflicts").toString())
        .contains("schemas/Page (registry, execution)");
    assertThat(merged.path("components").path("schemas").path("Page").path("type").asString())
        .isEqualTo("object");
  }

  @Test
  void theSameSchemaTwiceIsNoConflictAndPathsAreInOrder() {
    Map<String, JsonNode> docs = new LinkedHashMap<>();
    docs.put("registry", doc("/api/v0/b", "Page", "object"));
    docs.put("execution", doc("/api/v0/a", "Page", "object"));
    JsonNode merged = OpenApiMerger.merge(docs, List.of(), Set.of());
    assertThat(merged.has("x-compozy-component-conflicts")).isFalse();
    assertThat(merged.path("paths").propertyNames()).containsExactly("/api/v0/a", "/api/v0/b");
  }

  @Test
  void schemasNoOperationReachesAreDropped() {
    JsonNode doc =
        JSON.readTree(
            """
            {"paths": {"/a": {"get": {"responses": {"200": {"description": "OK",
               "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Answer"}}}}}}}},
             "components": {"schemas": {
               "Answer": {"type": "object", "properties": {"data": {"$ref": "#/components/schemas/Kind"}}},
               "Kind": {"oneOf": [{"$ref": "#/components/schemas/One"}], "discriminator": {"propertyName": "type",
                 "mapping": {"one": "#/components/schemas/One", "two": "#/components/schemas/Two"}}},
               "One": {"type": "object"}, "Two": {"type": "object"},
               "ApiResponseObject": {"type": "object", "properties": {"data": {"$ref": \
            "#/components/schemas/Leftover"}}},
               "Leftover": {"type": "object"}}}}\
            """);
    JsonNode merged = OpenApiMerger.merge(Map.of("execution", doc), List.of(), Set.of());
    assertThat(merged.path("components").path("schemas").propertyNames())
        .contains("Answer", "Kind", "One", "Two", "Problem", "ProblemError")
        .doesNotContain("ApiResponseObject", "Leftover");
  }

  @Test
  void aNullOrEmptyDefaultIsDropped() {
    JsonNode doc =
        JSON.readTree(
            """
            {"paths": {"/a": {"get": {"responses": {"200": {"description": "OK",
               "content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}}}}}}},
             "components": {"schemas": {"A": {"type": "object", "default": null,
              "properties": {"b": {"type": "string", "enum": ["x"], "default": null}, "c": {"type": "string", \
            "default": "y"},
                "d": {"type": "integer", "default": ""}}}}}}\
            """);
    JsonNode merged = OpenApiMerger.merge(Map.of("registry", doc), List.of(), Set.of());
    JsonNode a = merged.path("components").path("schemas").path("A");
    assertThat(a.has("default")).isFalse();
    assertThat(a.path("properties").path("b").has("default")).isFalse();
    assertThat(a.path("properties").path("c").path("default").asString()).isEqualTo("y");
    assertThat(a.path("properties").path("d").has("default")).isFalse();
  }

  @Test
  void refusalsToWaitOnSayHowLongInRetryAfter() {
    JsonNode merged =
        OpenApiMerger.merge(
            Map.of("registry", doc("/api/v0/a", "A", "object")), List.of(), Set.of());
    JsonNode responses = merged.path("paths").path("/api/v0/a").path("get").path("responses");
    for (String code : List.of("429", "503")) {
      assertThat(responses.path(code).path("headers").path("Retry-After").path("$ref").asString())
          .as(code)
          .isEqualTo("#/components/headers/RetryAfter");
    }
    assertThat(
            merged
                .path("components")
                .path("headers")
                .path("RetryAfter")
                .path("schema")
                .path("type")
                .asString())
        .isEqualTo("integer");
    assertThat(responses.path("404").has("headers")).isFalse();
  }
}
