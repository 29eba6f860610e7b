package io.compozy.contracts.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.compozy.contracts.json.Json;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The template engine against Go's own: every case of template-cases.json was run through Go's
 * text/template with Sprig (missingkey=error) by src/test/go/gen_template_cases.go. Our output must
 * equal Go's, an error where Go errs, except where a case documents a deliberate deviation.
 */
class GoCompatibilityTest {
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> cases() throws Exception {
    try (InputStream in = GoCompatibilityTest.class.getResourceAsStream("/template-cases.json")) {
      return Json.MAPPER.readValue(in, List.class);
    }
  }

  @TestFactory
  @SuppressWarnings("unchecked")
  Stream<DynamicTest> everyCaseMatchesGo() throws Exception {
    return cases().stream().map(c -> DynamicTest.dynamicTest((String) c.get("name"), () -> {
      String source = (String) c.get("template");
      Map<String, Object> data = (Map<String, Object>) c.get("data");
      if (c.get("deviation") != null) {
        assertThat(Template.parse(source).render(data)).as("deliberate deviation: " + c.get("deviation")).isEqualTo(c.get("ours"));
      } else if (c.get("output") != null) {
        assertThat(Template.parse(source).render(data)).isEqualTo(c.get("output"));
      } else {
        assertThatThrownBy(() -> Template.parse(source).render(data)).as("Go fails with: " + c.get("error"))
            .isInstanceOf(TemplateException.class);
      }
    }));
  }

  @TestFactory
  Stream<DynamicTest> atLeast150Cases() throws Exception {
    return Stream.of(DynamicTest.dynamicTest("the table is large enough", () -> assertThat(cases()).hasSizeGreaterThanOrEqualTo(150)));
  }
}
