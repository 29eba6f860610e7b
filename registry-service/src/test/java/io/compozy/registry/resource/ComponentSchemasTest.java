package io.compozy.registry.resource;

import static org.assertj.core.api.Assertions.assertThat;

import io.compozy.contracts.json.Json;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.OpenAPI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** JSON Schemas of the language as components a code generator names well. */
class ComponentSchemasTest {
  @Test
  @SuppressWarnings("unchecked")
  void numberedVariantsOfAKindBecomeTheKindAndItsFields() {
    Map<String, Object> schema =
        Json.MAPPER.readValue(
            """
            {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
             "properties": {"tasks": {"type": "array", "items": {"anyOf": [{"$ref": "#/$defs/BasicTask-2"}, \
            {"$ref": "#/$defs/WaitTask-2"}]}}},
             "$defs": {
               "BasicTask-1": {"type": "object", "properties": {"id": {"type": "string"}}},
               "BasicTask-2": {"type": "object", "allOf": [{"$ref": "#/$defs/BasicTask-1"}], "properties": \
            {"type": {"const": "basic"}}},
               "WaitTask-1": {"type": "object", "properties": {"wait_for": {"type": "string"}}},
               "WaitTask-2": {"$ref": "#/$defs/WaitTask-1", "properties": {"type": {"const": "wait"}}},
               "Attachment": {"type": "object"}}}\
            """,
            Map.class);
    OpenAPI api = new OpenAPI();
    new ComponentSchemas(api).putJsonSchema("Workflow", schema);

    assertThat(api.getComponents().getSchemas())
        .containsOnlyKeys(
            "Workflow", "BasicTask", "BasicTaskFields", "WaitTask", "WaitTaskFields", "Attachment");
    String workflow = Json31.pretty(api.getComponents().getSchemas().get("Workflow"));
    assertThat(workflow)
        .contains("#/components/schemas/BasicTask\"")
        .contains("#/components/schemas/WaitTask\"")
        .contains("\"basic\" : \"#/components/schemas/BasicTask\"")
        .doesNotContain("-2")
        .doesNotContain("$defs");
    assertThat(Json31.pretty(api.getComponents().getSchemas().get("BasicTask")))
        .contains("#/components/schemas/BasicTaskFields");
  }
}
