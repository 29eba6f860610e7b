package io.compozy.contracts.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

class TemplateTest {
  private final Map<String, Object> data =
      Map.of(
          "workflow",
          Map.of("input", Map.of("message", "Hello, world!", "n", 12, "tags", List.of("a", "b"))),
          "tasks",
          tasks(),
          "price",
          1.5,
          "big",
          1500000.0);

  private static Map<String, Object> tasks() {
    Map<String, Object> tasks = new HashMap<>();
    tasks.put("step-1", Map.of("output", Map.of("text", "HI", "length", 13)));
    tasks.put("size", Map.of("output", Map.of("route_taken", "long")));
    tasks.put("not-run", null);
    return tasks;
  }

  private String render(String src) {
    return Template.parse(src).render(data);
  }

  @Test
  void deeplyNestedTemplatesAreRefusedNotAStackOverflow() {
    String ifs = "{{if true}}".repeat(50_000) + "x" + "{{end}}".repeat(50_000);
    Assertions.assertThatThrownBy(() -> Template.parse(ifs))
        .isInstanceOf(TemplateException.class)
        .hasMessageContaining("nests deeper than 200 levels");
    String parens = "{{" + "(".repeat(50_000) + "1" + ")".repeat(50_000) + "}}";
    Assertions.assertThatThrownBy(() -> Template.parse(parens))
        .isInstanceOf(TemplateException.class)
        .hasMessageContaining("nests deeper than 200 levels");
    Assertions.assertThatCode(
            () -> Template.parse("{{if true}}".repeat(50) + "x" + "{{end}}".repeat(50)))
        .doesNotThrowAnyException();
  }

  @Test
  void rendersFieldsWithHyphenatedIds() {
    assertThat(render("{{ .tasks.step-1.output.text }}!!!")).isEqualTo("HI!!!");
  }

  @Test
  void ifElseWithEq() {
    String src =
        "{{ if eq .tasks.size.output.route_taken \"long\" }}L{{ else if eq 1 2 }}X{{ else }}S{{ end"
            + " }}";
    assertThat(render(src)).isEqualTo("L");
  }

  @Test
  void rangeWithIndexAndValue() {
    assertThat(render("{{ range $i, $v := .workflow.input.tags }}{{ $i }}={{ $v }};{{ end }}"))
        .isEqualTo("0=a;1=b;");
    assertThat(render("{{ range .workflow.input.tags }}[{{ . }}]{{ else }}none{{ end }}"))
        .isEqualTo("[a][b]");
    assertThat(
            render(
                "{{ range $i, $v := .workflow.input.tags }}{{ if eq $i 1 }}{{ break }}{{ end }}{{"
                    + " $v }}{{ end }}"))
        .isEqualTo("a");
  }

  @Test
  void pipelinesAndSprig() {
    assertThat(render("{{ .workflow.input.message | upper }}")).isEqualTo("HELLO, WORLD!");
    assertThat(render("{{ .workflow.input.message | lower | replace \"world\" \"you\" }}"))
        .isEqualTo("hello, you!");
    assertThat(render("{{ default \"n/a\" .tasks.not-run.output.text }}")).isEqualTo("n/a");
    assertThat(render("{{ toJson .workflow.input.tags }}")).isEqualTo("[\"a\",\"b\"]");
    assertThat(render("{{ printf \"%s has %d\" \"x\" 3 }}")).isEqualTo("x has 3");
    assertThat(render("{{ len .workflow.input.tags }} {{ index .workflow.input.tags 1 }}"))
        .isEqualTo("2 b");
    assertThat(render("{{ add 1 2 3 }} {{ sub 5 2 }}")).isEqualTo("6 3");
  }

  @Test
  void printsNumbersAsGoDoes() {
    assertThat(render("{{ .workflow.input.n }} {{ .price }} {{ .big }}"))
        .isEqualTo("12 1.5 1.5e+06");
  }

  @Test
  void variablesAndWith() {
    assertThat(
            render(
                "{{ $x := .workflow.input.n }}{{ with .tasks.size.output }}{{ .route_taken }}-{{ $x"
                    + " }}{{ end }}"))
        .isEqualTo("long-12");
  }

  @Test
  void trimMarkersAndComments() {
    assertThat(render("a  {{- /* note */ -}}  b {{- \" c\" }}")).isEqualTo("ab c");
  }

  @Test
  void missingKeyIsAnErrorNamingThePosition() {
    assertThatThrownBy(() -> render("x {{ .workflow.input.nope }}"))
        .isInstanceOf(TemplateException.class)
        .hasMessageContaining(
            "template: inline:1:14: executing \"inline\" at <.workflow.input.nope>")
        .hasMessageContaining("map has no entry for key \"nope\"");
  }

  @Test
  void syntaxErrorsAreReportedAtParse() {
    assertThatThrownBy(() -> Template.parse("{{ if .x }}no end"))
        .hasMessageContaining("template: inline:1: unexpected EOF");
    assertThatThrownBy(() -> Template.parse("{{ nosuchfn .x }}"))
        .hasMessageContaining("function \"nosuchfn\" not defined");
    assertThatThrownBy(() -> Template.parse("{{ .x ")).hasMessageContaining("unclosed action");
  }

  @Test
  void singleActionYieldsRawValue() {
    TemplateRenderer renderer = new TemplateRenderer();
    assertThat(renderer.render("{{ .tasks.step-1.output.length }}", data)).isEqualTo(13);
    assertThat(renderer.render("{{ .workflow.input.tags }}", data)).isEqualTo(List.of("a", "b"));
    assertThat(renderer.render("{\"a\": {{ .workflow.input.n }} }", data))
        .isEqualTo(Map.of("a", 12));
    assertThat(renderer.render(Map.of("k", Arrays.asList("{{ .price }}", "plain")), data))
        .isEqualTo(Map.of("k", List.of(1.5, "plain")));
  }

  @Test
  void aFunctionsJsonTextIsReadAsJsonLikeAnyRenderedText() {
    TemplateRenderer renderer = new TemplateRenderer();
    assertThat(renderer.render("{{ toJson .workflow.input.tags }}", data))
        .isEqualTo(List.of("a", "b"));
    assertThat(renderer.render("{{ toJson (default list .tasks.not-run.output) }}", data))
        .isEqualTo(List.of());
    assertThat(renderer.render("{{ printf \"[%s\" \"x\" }}", data))
        .isEqualTo("[x"); // looks like JSON, is not: stays text
  }

  @Test
  void setAndUnsetChangeWhatTheRenderingSeesButNeverTheCallersData() {
    Map<String, Object> input = new HashMap<>(Map.of("a", 1, "b", 2));
    Map<String, Object> callers = new HashMap<>(Map.of("input", input));
    String out =
        Template.parse(
                "{{ $_ := set .input \"c\" 3 }}{{ $_ := unset .input \"a\" }}{{ .input }} {{ hasKey"
                    + " .input \"c\" }}")
            .render(callers);
    assertThat(out).isEqualTo("map[b:2 c:3] true");
    assertThat(input).isEqualTo(Map.of("a", 1, "b", 2));
  }

  @Test
  void envAndExpandenvReadTheProjectsVariablesNeverTheHosts() {
    Map<String, Object> scope = Map.of("env", Map.of("API_URL", "https://api.example"));
    assertThat(
            Template.parse(
                    "{{ env \"API_URL\" }}|{{ env \"PATH\" }}|{{ expandenv \"$API_URL/v1 ${HOME}\""
                        + " }}")
                .render(scope))
        .isEqualTo("https://api.example||https://api.example/v1 ");
    assertThat(System.getenv("PATH"))
        .as("the host has a PATH the template did not see")
        .isNotEmpty();
  }

  @Test
  void hostReachingAndCertificateFunctionsFailWithTheirReason() {
    assertThatThrownBy(() -> render("{{ getHostByName \"localhost\" }}"))
        .hasMessageContaining(
            "error calling getHostByName: not available here: templates here do not resolve host"
                + " names");
    assertThatThrownBy(() -> render("{{ genCA \"ca\" 30 }}"))
        .hasMessageContaining(
            "error calling genCA: not available here: templates here do not generate keys or"
                + " certificates");
  }

  @Test
  void everyWalkIsBounded() {
    assertThatThrownBy(() -> render("{{ range 100000000 }}{{ end }}"))
        .hasMessageContaining("template takes more than 10000000 steps");
    assertThatThrownBy(() -> render("{{ range 2000 }}{{ repeat 10000 \"x\" }}{{ end }}"))
        .hasMessageContaining("template output exceeds");
    assertThatThrownBy(
            () -> render("{{ define \"r\" }}{{ template \"r\" . }}{{ end }}{{ template \"r\" . }}"))
        .hasMessageContaining(
            "exceeded maximum template depth (" + Execution.MAX_TEMPLATE_DEPTH + ")");
    assertThatThrownBy(() -> render("{{ until 100000000 }}"))
        .hasMessageContaining("at most 1000000 numbers");
    assertThatThrownBy(() -> render("{{ randAlpha 100000000 }}"))
        .hasMessageContaining("at most 65536 characters");
  }

  @Test
  void platformTemplatesKnowEverySprigFunctionAtLoad() {
    assertThat(
            Template.parse(
                    "{{ now | date \"2006\" | len }} {{ title \"a b\" }} {{ dig \"x\" \"d\" (dict)"
                        + " }}")
                .render(data))
        .isEqualTo("4 A B d");
  }

  @Test
  void intsAndFloatsCompareByValueInTheProjectLanguageAsGoRefusesToDo() {
    assertThat(render("{{ gt .workflow.input.n 11.5 }} {{ eq .price 1.5 }} {{ lt 1 .price }}"))
        .isEqualTo("true true true");
    assertThatThrownBy(() -> Template.parseGo("t", "{{ gt 12 11.5 }}").render(Map.of()))
        .hasMessageContaining("incompatible types for comparison");
  }
}
