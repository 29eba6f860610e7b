package io.compozy.contracts.condition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConditionsTest {
  private final Conditions conditions = new Conditions();
  private final Map<String, Object> vars =
      Map.of("tasks", Map.of("shout", Map.of("output", Map.of("length", 13, "text", "HI"))));

  @Test
  void ternaryOverTaskOutputsGivesTheRoute() {
    String expr = "tasks.shout.output.length > 10 ? \"long\" : \"short\"";
    assertThat(conditions.evaluate(expr, vars)).isEqualTo("long");
    assertThat(
            conditions.evaluate(
                expr, Map.of("tasks", Map.of("shout", Map.of("output", Map.of("length", 2))))))
        .isEqualTo("short");
  }

  @Test
  void booleanTest() {
    assertThat(conditions.test("tasks.shout.output.text == \"HI\"", vars)).isTrue();
  }

  @Test
  void compileErrorsAreConditionExceptions() {
    assertThatThrownBy(() -> conditions.check("tasks.shout.output.length >"))
        .isInstanceOf(ConditionException.class)
        .hasMessageContaining("does not compile");
  }

  @Test
  void missingFieldFailsEvaluation() {
    assertThatThrownBy(() -> conditions.evaluate("tasks.nope.output == 1", vars))
        .isInstanceOf(ConditionException.class);
  }
}
