package io.compozy.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.compozy.infra.embedded.TestInfrastructure;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Definitions written to break the registry: each is a 4xx problem naming what is wrong, never a
 * 500, never a dropped connection, and the registry answers the next caller as before.
 */
class HostileDefinitionsTest extends RegistryApi {

  @Test
  void hostileYamlIsA4xxProblemAndTheRegistryKeepsAnswering() throws Exception {
    Map<String, String> bodies = new LinkedHashMap<>();
    bodies.put("a sequence that contains itself", "id: hostile\ntasks: &a [*a]\n");
    bodies.put(
        "a mapping that contains itself", "id: hostile\nconfig: &m {inner: *m}\ntasks: []\n");
    bodies.put("aliases of aliases (billion laughs)", laughs());
    bodies.put("deep nesting", "id: hostile\ntasks: " + "[".repeat(5000) + "]".repeat(5000) + "\n");
    bodies.put("a %YAML directive", "%YAML 1.1\n---\nid: hostile\n");
    bodies.put("tasks null", "id: hostile\ntasks:\n");
    bodies.put("tasks a scalar", "id: hostile\ntasks: 7\n");
    bodies.put("a huge scalar", "id: hostile\ndescription: " + "x".repeat(900_000) + "\n");
    bodies.put("a NUL character", "id: hostile\ndescription: \"a\\0b\"\ntasks: []\n");
    bodies.put("several documents", "id: one\n---\nid: two\n");
    for (var b : bodies.entrySet()) {
      var r = send("PUT", "/workflows/hostile", b.getValue(), "Content-Type", "application/yaml");
      assertThat(r.statusCode()).as(b.getKey() + ": " + r.body()).isBetween(400, 499);
      assertThat(r.headers().firstValue("Content-Type"))
          .as(b.getKey())
          .hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
    }
    assertThat(send("GET", "/workflows", null).statusCode()).isEqualTo(200);
  }

  @Test
  void aWorkflowWithoutTasksOrWithANullTaskIsA422NamingTasks() throws Exception {
    for (String yaml :
        new String[] {
          "id: hostile\n", "id: hostile\ntasks:\n", "id: hostile\ntasks: [~]\n", "tasks: []\n"
        }) {
      var r = send("PUT", "/workflows/hostile", yaml, "Content-Type", "application/yaml");
      assertThat(r.statusCode()).as(yaml + ": " + r.body()).isEqualTo(422);
      assertThat(r.body()).as(yaml).containsAnyOf("/tasks", "/id");
    }
  }

  @Test
  void compozysFieldsLoadWithAWarningOrAreRefusedWithTheirReasonAndTyposNameTheNearestField()
      throws Exception {
    var ok =
        send(
            "PUT",
            "/workflows/compozy-style",
            "id: compozy-style\n"
                + "name: Documented\n"
                + "tasks:\n"
                + "  - id: t\n"
                + "    type: aggregate\n"
                + "    description: just docs\n"
                + "    batch_size: 5\n",
            "Content-Type",
            "application/yaml");
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
    assertThat((String) json(ok).get("message"))
        .isEqualTo(
            "Workflow created; warnings: /tasks/0/batch_size line 7, column 5: 'batch_size' has no"
                + " effect here: memory operations here take one batch");
    var refused =
        send(
            "PUT",
            "/workflows/compozy-style",
            "id: compozy-style\nknowledge: [{id: kb}]\ntasks: []\n",
            "Content-Type",
            "application/yaml");
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
    assertThat(refused.body())
        .contains("/knowledge/0/id")
        .contains("no knowledge base 'kb' in the project or the workflow");
    var typo =
        send(
            "PUT",
            "/workflows/compozy-style",
            "id: compozy-style\ntasks:\n  - id: t\n    type: aggregate\n    outptus: {}\n",
            "Content-Type",
            "application/yaml");
    assertThat(typo.statusCode()).as(typo.body()).isEqualTo(422);
    assertThat(typo.body()).contains("unknown field 'outptus' (did you mean 'outputs'?)");
  }

  @Test
  void yamlAnchorsAliasesAndMergeKeysMeanWhatTheirAuthorWrote() throws Exception {
    var r =
        send(
            "PUT",
            "/workflows/anchored",
            "id: anchored\n"
                + "outputs:\n"
                + "  a: &shared {x: 1, z: 0}\n"
                + "  b: *shared\n"
                + "  c:\n"
                + "    <<: *shared\n"
                + "    z: 3\n"
                + "tasks: []\n",
            "Content-Type",
            "application/yaml");
    assertThat(r.statusCode()).as(r.body()).isIn(200, 201);
    @SuppressWarnings("unchecked")
    Map<String, Object> outputs =
        (Map<String, Object>)
            ((Map<String, Object>) json(send("GET", "/workflows/anchored", null)).get("data"))
                .get("outputs");
    assertThat(outputs)
        .containsEntry("b", Map.of("x", 1, "z", 0))
        .containsEntry("c", Map.of("x", 1, "z", 3));
  }

  @Test
  void invalidUtf8IsA4xxProblem() throws Exception {
    byte[] body = "id: bad\ntasks: []\ndescription: \"".getBytes(StandardCharsets.UTF_8);
    byte[] withBadBytes = new byte[body.length + 3];
    System.arraycopy(body, 0, withBadBytes, 0, body.length);
    withBadBytes[body.length] = (byte) 0xC3;
    withBadBytes[body.length + 1] = (byte) 0x28;
    withBadBytes[body.length + 2] = (byte) '"';
    var r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v0/workflows/bad"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/yaml")
                .header("Authorization", TestInfrastructure.bearer(USER))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(withBadBytes))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isBetween(400, 499);
  }

  @Test
  void nulInQueryParametersIsA400NamingTheParameter() throws Exception {
    for (String query : new String[] {"q=%00", "cursor=%00", "q=a%00b"}) {
      var r = send("GET", "/workflows?" + query, null);
      assertThat(r.statusCode()).as(query + ": " + r.body()).isEqualTo(400);
      assertThat(json(r).toString()).as(query).contains(query.substring(0, query.indexOf('=')));
    }
  }

  private static String laughs() {
    StringBuilder y =
        new StringBuilder("id: hostile\noutputs:\n  a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < 12; i++) {
      y.append("  a").append(i).append(": &a").append(i).append(" [");
      for (int j = 0; j < 10; j++) {
        y.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
      }
      y.append("]\n");
    }
    return y.append("tasks: []\n").toString();
  }
}
