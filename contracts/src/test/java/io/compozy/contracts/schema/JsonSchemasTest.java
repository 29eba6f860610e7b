package io.compozy.contracts.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonSchemasTest {
  private final JsonSchemas schemas = new JsonSchemas();
  private final Map<String, Object> schema =
      Map.of(
          "type", "object",
          "properties",
              Map.of(
                  "message",
                  Map.of("type", "string", "minLength", 1),
                  "lang",
                  Map.of("type", "string", "default", "en")),
          "required", List.of("message"));

  @Test
  void missingRequiredPropertyIsReportedAtItsPointer() {
    List<Violation> v = schemas.validate(schema, Map.of(), "/input");
    assertThat(v).extracting(Violation::pointer).containsExactly("/input/message");
  }

  @Test
  void anEmptyTypeConstrainsNoTypeAsCompozyReadsIt() {
    Map<String, Object> empty = new HashMap<>();
    empty.put("type", null);
    empty.put(
        "properties",
        Map.of("pokemon", Map.of("type", "string"), "confidence", Map.of("type", "")));
    empty.put("required", List.of("pokemon"));
    assertThat(schemas.validate(empty, Map.of("pokemon", "pikachu", "confidence", 0.9), ""))
        .isEmpty();
    assertThat(schemas.validate(empty, Map.of("confidence", 0.9), ""))
        .extracting(Violation::pointer)
        .containsExactly("/pokemon");
    assertThat(schemas.schemaProblems(empty)).isEmpty();
  }

  @Test
  void wrongTypeIsReportedAtTheValue() {
    List<Violation> v = schemas.validate(schema, Map.of("message", 3), "");
    assertThat(v).extracting(Violation::pointer).containsExactly("/message");
  }

  @Test
  void defaultsAreFilledIn() {
    assertThat(schemas.applyDefaults(schema, Map.of("message", "x")))
        .isEqualTo(Map.of("message", "x", "lang", "en"));
  }

  @Test
  void aSchemaThatIsNotOneIsNamedAtItsPointer() {
    JsonSchemas schemas = new JsonSchemas();
    assertThat(
            schemas.schemaProblems(
                Map.of("type", "object", "properties", Map.of("a", Map.of("type", "string")))))
        .isEmpty();
    assertThat(
            schemas.schemaProblems(
                Map.of("type", "object", "properties", Map.of("a", Map.of("type", 42)))))
        .extracting(Violation::pointer)
        .contains("/properties/a/type");
  }
}
