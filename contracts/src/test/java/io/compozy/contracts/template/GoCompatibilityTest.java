package io.compozy.contracts.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.compozy.contracts.json.Json;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The template engine against Go's own. Every case of template/go-cases.json was run through Go's
 * text/template with Sprig v3 and Compozy's options by tools/template-cases; our output must be
 * Go's, and where Go fails our error must be Go's message, word for word. Cases listed in
 * template/go-deviations.json differ on purpose; each says why, and pins what we answer.
 */
class GoCompatibilityTest {
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> load(String resource) throws Exception {
    try (InputStream in = GoCompatibilityTest.class.getResourceAsStream(resource)) {
      return Json.MAPPER.readValue(in, List.class);
    }
  }

  @SuppressWarnings("unchecked")
  private static String run(Map<String, Object> c) {
    try {
      // Go runs every case on a map, an empty one when the case has no data
      Map<String, Object> data =
          c.get("data") == null ? Map.of() : (Map<String, Object>) c.get("data");
      return "output: " + Template.parseGo("t", (String) c.get("template")).render(data);
    } catch (TemplateException e) {
      return "error: " + e.getMessage();
    }
  }

  private static String expected(Map<String, Object> c) {
    return c.get("output") != null ? "output: " + c.get("output") : "error: " + c.get("error");
  }

  @TestFactory
  Stream<DynamicTest> everyCaseAnswersAsGoDoes() throws Exception {
    Map<String, Map<String, Object>> deviations = new HashMap<>();
    for (Map<String, Object> d : load("/template/go-deviations.json")) {
      deviations.put((String) d.get("name"), d);
    }
    return load("/template/go-cases.json").stream()
        .map(
            c ->
                DynamicTest.dynamicTest(
                    (String) c.get("name"),
                    () -> {
                      Map<String, Object> deviation = deviations.get(c.get("name"));
                      if (deviation != null) {
                        assertThat(run(c))
                            .as("deliberate deviation: " + deviation.get("why"))
                            .isEqualTo(deviation.get("ours"));
                        assertThat(run(c))
                            .as("a deviation must differ from Go")
                            .isNotEqualTo(expected(c));
                      } else {
                        assertThat(run(c))
                            .as(c.get("template") + " with " + c.get("data"))
                            .isEqualTo(expected(c));
                      }
                    }));
  }

  @Test
  void theTableIsLargeAndItsDeviationsAreFewAndExplained() throws Exception {
    List<Map<String, Object>> cases = load("/template/go-cases.json");
    List<Map<String, Object>> deviations = load("/template/go-deviations.json");
    assertThat(cases).hasSizeGreaterThanOrEqualTo(600);
    assertThat(deviations).allSatisfy(d -> assertThat((String) d.get("why")).isNotBlank());
    assertThat(deviations.size()).as("deviations").isLessThanOrEqualTo(cases.size() / 20);
  }

  @Test
  void everyFunctionGoAndSprigOfferIsKnown() throws Exception {
    String names;
    try (InputStream in =
        GoCompatibilityTest.class.getResourceAsStream("/template/go-functions.txt")) {
      names = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Set<String> missing = new TreeSet<>(names.lines().filter(n -> !n.isBlank()).toList());
    missing.removeAll(Functions.ALL.keySet());
    assertThat(missing).isEmpty();
  }

  @Test
  void everyFunctionIsCoveredByTheTable() throws Exception {
    List<String> templates = new ArrayList<>();
    load("/template/go-cases.json").forEach(c -> templates.add((String) c.get("template")));
    Set<String> untested = new TreeSet<>();
    for (String name : Functions.ALL.keySet()) {
      Pattern call = Pattern.compile("(^|[\\s(|{])" + Pattern.quote(name) + "($|[\\s)}])");
      if (templates.stream().noneMatch(t -> call.matcher(t).find())) {
        untested.add(name);
      }
    }
    assertThat(untested).isEmpty();
  }
}
