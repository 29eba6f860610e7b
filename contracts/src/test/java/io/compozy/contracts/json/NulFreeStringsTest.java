package io.compozy.contracts.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;

class NulFreeStringsTest {
  record Start(Map<String, Object> input, String name, List<String> tags) {}

  @Test
  void aNulAnywhereIsRefusedNamingWhere() {
    for (var c :
        Map.of(
                "{\"input\": {\"message\": \"a\\u0000b\"}}", "/input/message",
                "{\"input\": {\"list\": [\"ok\", {\"deep\": \"\\u0000\"}]}}", "/input/list/1/deep",
                "{\"name\": \"x\\u0000\"}", "/name",
                "{\"tags\": [\"ok\", \"\\u0000\"]}", "/tags/1",
                "{\"input\": {\"k\\u0000\": 1}}", "/input")
            .entrySet()) {
      assertThatThrownBy(() -> Json.STRICT_JSON.readValue(c.getKey(), Start.class))
          .as(c.getKey())
          .isInstanceOfSatisfying(
              JacksonException.class,
              e -> {
                assertThat(JsonErrors.pointer(e)).startsWith(c.getValue());
                assertThat(JsonErrors.message(e)).contains("NUL");
              });
    }
  }

  @Test
  void otherTextIsReadAsBefore() {
    var start =
        Json.STRICT_JSON.readValue(
            "{\"input\": {\"m\": \"tab\\there \\\\u0000 é\"}, \"name\": \"n\", \"tags\": []}",
            Start.class);
    assertThat(start.input()).containsEntry("m", "tab\there \\u0000 é");
    assertThatThrownBy(() -> Json.YAML.readValue("a: \"\\0\"", Map.class))
        .isInstanceOf(JacksonException.class); // YAML's own escape
  }
}
