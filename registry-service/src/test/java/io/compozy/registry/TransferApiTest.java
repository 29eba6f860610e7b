package io.compozy.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.compozy.contracts.dsl.LoadedProject;
import io.compozy.contracts.dsl.ProjectLoader;
import io.compozy.contracts.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Import and export of one kind, and of the whole project as a zip, over HTTP on the real stores.
 */
class TransferApiTest extends RegistryApi {

  @Test
  @SuppressWarnings("unchecked")
  void aKindIsImportedWithEitherStrategyAndExportedAsItIsStored() throws Exception {
    String n = UUID.randomUUID().toString().substring(0, 8);
    assertThat(
            send("PUT", "/tools/a-" + n, "{\"id\": \"a-" + n + "\", \"description\": \"old\"}")
                .statusCode())
        .isEqualTo(201);
    String list =
        "- id: a-" + n + "\n  description: new\n- id: b-" + n + "\n  description: fresh\n";

    var seeded = send("POST", "/tools/import", list, "Content-Type", "application/yaml");
    assertThat(seeded.statusCode()).as(seeded.body()).isEqualTo(200);
    assertThat(data(seeded))
        .containsEntry("created", List.of("b-" + n))
        .containsEntry("skipped", List.of("a-" + n));
    assertThat(data(send("GET", "/tools/a-" + n, null))).containsEntry("description", "old");

    var overwritten =
        send(
            "POST",
            "/tools/import?strategy=overwrite_conflicts",
            list,
            "Content-Type",
            "application/yaml");
    assertThat(data(overwritten))
        .containsEntry("updated", List.of("a-" + n))
        .containsEntry("unchanged", List.of("b-" + n));
    assertThat(data(send("GET", "/tools/a-" + n, null))).containsEntry("description", "new");

    var exported = send("POST", "/tools/export", null);
    assertThat(exported.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/yaml");
    List<Map<String, Object>> tools = Json.YAML.readValue(exported.body(), List.class);
    assertThat(tools)
        .filteredOn(t -> String.valueOf(t.get("id")).endsWith(n))
        .containsExactly(
            Map.of("id", "a-" + n, "description", "new"),
            Map.of("id", "b-" + n, "description", "fresh"));
    // what export gives, import takes back without a change
    var again =
        send(
            "POST",
            "/tools/import?strategy=overwrite_conflicts",
            exported.body(),
            "Content-Type",
            "application/yaml");
    assertThat((List<String>) data(again).get("updated")).isEmpty();
    assertThat((List<String>) data(again).get("created")).isEmpty();
  }

  @Test
  @SuppressWarnings("unchecked")
  void anImportWithOneBadEntryStoresNothingAndListsEveryProblem() throws Exception {
    String n = UUID.randomUUID().toString().substring(0, 8);
    String list =
        "- id: ok-"
            + n
            + "\n  tasks: [{id: a, tool: cp__fetch}]\n"
            + "- id: bad-"
            + n
            + "\n  tasks: [{id: a, tool: missing-"
            + n
            + "}]\n"
            + "- id: ok-"
            + n
            + "\n  tasks: [{id: a, tool: cp__fetch}]\n"
            + "- id: odd-"
            + n
            + "\n  taskz: []\n  tasks: []\n";
    var refused = send("POST", "/workflows/import", list, "Content-Type", "application/yaml");
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
    assertThat((List<Map<String, Object>>) json(refused).get("errors"))
        .extracting(e -> e.get("pointer"))
        .containsExactlyInAnyOrder("/2/id", "/3/taskz");
    var refusedLater =
        send(
            "POST",
            "/workflows/import",
            list.substring(0, list.indexOf("- id: ok-" + n, 10)),
            "Content-Type",
            "application/yaml");
    assertThat(refusedLater.statusCode()).isEqualTo(422);
    assertThat((List<Map<String, Object>>) json(refusedLater).get("errors"))
        .extracting(e -> e.get("pointer"))
        .containsExactly("/1/tasks/0/tool");
    assertThat(send("GET", "/workflows/ok-" + n, null).statusCode()).isEqualTo(404);
    assertThat(send("POST", "/workflows/import", "{\"id\": \"x\"}").statusCode()).isEqualTo(422);
    assertThat(send("POST", "/workflows/import?strategy=sometimes", "[]").statusCode())
        .isEqualTo(400);
    assertThat(
            send("POST", "/workflows/import", "[{", "Content-Type", "application/json")
                .statusCode())
        .isEqualTo(400);
  }

  /**
   * Property: for random sets of definitions, export → import is the identity. The zip reads back
   * through the project parser to the same definitions, and importing it changes nothing stored.
   */
  @Test
  @SuppressWarnings("unchecked")
  void exportThenImportIsTheIdentity(@TempDir Path dir) throws Exception {
    ensureProject();
    Random random = new Random(20261129L);
    for (int round = 0; round < 5; round++) {
      String n = "r" + round + "-" + UUID.randomUUID().toString().substring(0, 6);
      Map<String, Map<String, Object>> written = new LinkedHashMap<>();
      for (Map.Entry<String, String> def : RandomDefinitions.generate(random, n).entrySet()) {
        var r = send("PUT", "/" + def.getKey(), def.getValue(), "Content-Type", "application/yaml");
        assertThat(r.statusCode())
            .as(def.getKey() + "\n" + def.getValue() + "\n" + r.body())
            .isIn(200, 201);
        written.put(def.getKey(), data(r));
      }
      HttpResponseBytes zip = exportZip();
      Path unpacked = Files.createDirectories(dir.resolve("round-" + round));
      unzip(zip.body, unpacked);
      LoadedProject loaded = ProjectLoader.load(unpacked);
      for (Map.Entry<String, Map<String, Object>> def : written.entrySet()) {
        String kind = def.getKey().substring(0, def.getKey().indexOf('/'));
        String id = def.getKey().substring(def.getKey().indexOf('/') + 1);
        Object read =
            switch (kind) {
              case "workflows" ->
                  loaded.workflows().stream()
                      .filter(w -> w.id().equals(id))
                      .findFirst()
                      .orElseThrow();
              case "agents" ->
                  loaded.agents().stream().filter(a -> a.id().equals(id)).findFirst().orElseThrow();
              case "tools" ->
                  loaded.tools().stream().filter(t -> t.id().equals(id)).findFirst().orElseThrow();
              case "tasks" ->
                  loaded.tasks().stream().filter(t -> t.id().equals(id)).findFirst().orElseThrow();
              case "schemas" ->
                  loaded.schemas().stream()
                      .filter(s -> id.equals(((Map<String, Object>) s).get("id")))
                      .findFirst()
                      .orElseThrow();
              case "memories" ->
                  loaded.memories().stream()
                      .filter(s -> id.equals(((Map<String, Object>) s).get("id")))
                      .findFirst()
                      .orElseThrow();
              default -> throw new IllegalStateException(kind);
            };
        assertThat(Json.plain(Json.writeDefinition(read)))
            .as(def.getKey())
            .isEqualTo(def.getValue());
      }
      var imported = sendBytes("POST", "/admin/import", zip.body, "application/zip");
      assertThat(imported.statusCode())
          .as(new String(imported.body(), StandardCharsets.UTF_8))
          .isEqualTo(200);
      Map<String, Object> report =
          (Map<String, Object>)
              ((Map<String, Object>) Json.read(imported.body(), Map.class).get("data"))
                  .get("definitions");
      assertThat(report)
          .as("round " + round)
          .containsEntry("created", 0)
          .containsEntry("updated", 0);
      for (Map.Entry<String, Map<String, Object>> def : written.entrySet()) {
        assertThat(data(send("GET", "/" + def.getKey(), null)))
            .as(def.getKey())
            .isEqualTo(def.getValue());
      }
      assertThat(exportZip().entries()).isEqualTo(zip.entries());
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void aProjectZipWithErrorsIsRefusedWithEveryErrorAtItsFileAndLine() throws Exception {
    String name = ensureProject();
    String n = UUID.randomUUID().toString().substring(0, 8);
    byte[] zip =
        zip(
            Map.of(
                "compozy.yaml",
                    "name: "
                        + name
                        + "\n"
                        + "workflows:\n"
                        + "  - source: ./workflows/w.yaml\n"
                        + "autoload:\n"
                        + "  enabled: true\n"
                        + "  include: ['agents/*.yaml']\n",
                "workflows/w.yaml",
                    "id: zw-"
                        + n
                        + "\ntasks:\n  - id: a\n    tool: nowhere\n  - id: b\n    agent: zagent-"
                        + n
                        + "\n    prompt: hi\n",
                "agents/a.yaml", "resource: agent\nid: zagent-" + n + "\nmodel: no-such-model\n"));
    var refused = sendBytes("POST", "/admin/import", zip, "application/zip");
    assertThat(refused.statusCode()).isEqualTo(422);
    Map<String, Object> problem = Json.read(refused.body(), Map.class);
    assertThat((List<String>) problem.get("errors"))
        .containsExactlyInAnyOrder(
            "workflows/w.yaml:4:5 tasks[0].tool: no tool 'nowhere' in the project or the workflow",
            "agents/a.yaml:3:1 model: no model 'no-such-model' in the project (write a model id or"
                + " provider:model)");
    assertThat(send("GET", "/workflows/zw-" + n, null).statusCode()).isEqualTo(404);
    assertThat(send("GET", "/agents/zagent-" + n, null).statusCode()).isEqualTo(404);

    var escaping =
        sendBytes("POST", "/admin/import", zip(Map.of("../evil.yaml", "x: 1")), "application/zip");
    assertThat(escaping.statusCode()).isEqualTo(400);
    assertThat(new String(escaping.body(), StandardCharsets.UTF_8))
        .contains("points outside the project");
    assertThat(
            sendBytes(
                    "POST",
                    "/admin/import",
                    "not a zip".getBytes(StandardCharsets.UTF_8),
                    "application/zip")
                .statusCode())
        .isEqualTo(400);
    var otherProject =
        sendBytes(
            "POST",
            "/admin/import",
            zip(Map.of("compozy.yaml", "name: someone-else\n")),
            "application/zip");
    assertThat(otherProject.statusCode()).isEqualTo(409);
  }

  /**
   * {@code ?dry_run=true} answers what an import would do, definition by definition, and stores
   * nothing; the real import then does exactly that, and a second one finds everything unchanged.
   */
  @Test
  @SuppressWarnings("unchecked")
  void aDryRunSaysWhatAnImportWouldChangeAndStoresNothing() throws Exception {
    String name = ensureProject();
    String n = UUID.randomUUID().toString().substring(0, 8);
    byte[] zip =
        zip(
            Map.of(
                "compozy.yaml", "name: " + name + "\nworkflows:\n  - source: ./w.yaml\n",
                "w.yaml",
                    "id: dry-"
                        + n
                        + "\n"
                        + "tasks:\n"
                        + "  - id: a\n"
                        + "    type: wait\n"
                        + "    wait_for: go\n"
                        + "    condition: 'true'\n"));
    var dry = sendBytes("POST", "/admin/import?dry_run=true", zip, "application/zip");
    assertThat(dry.statusCode()).as(new String(dry.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    Map<String, Object> answer = Json.read(dry.body(), Map.class);
    assertThat(answer.get("message")).isEqualTo("Project checked; nothing was stored");
    Map<String, Object> data = (Map<String, Object>) answer.get("data");
    assertThat(data).containsEntry("dry_run", true);
    assertThat((List<Map<String, Object>>) data.get("changes"))
        .contains(Map.of("kind", "workflows", "id", "dry-" + n, "outcome", "created"));
    assertThat(send("GET", "/workflows/dry-" + n, null).statusCode()).isEqualTo(404);

    var real = sendBytes("POST", "/admin/import", zip, "application/zip");
    assertThat(real.statusCode()).isEqualTo(200);
    Map<String, Object> realData =
        (Map<String, Object>) Json.read(real.body(), Map.class).get("data");
    assertThat(realData.get("changes")).isEqualTo(data.get("changes"));
    assertThat(send("GET", "/workflows/dry-" + n, null).statusCode()).isEqualTo(200);

    var again = sendBytes("POST", "/admin/import?dry_run=true", zip, "application/zip");
    assertThat(
            (List<Map<String, Object>>)
                ((Map<String, Object>) Json.read(again.body(), Map.class).get("data"))
                    .get("changes"))
        .contains(Map.of("kind", "workflows", "id", "dry-" + n, "outcome", "unchanged"))
        .allSatisfy(c -> assertThat(c.get("outcome")).isEqualTo("unchanged"));
    assertThat(
            sendBytes("POST", "/admin/import?dry_run=maybe", zip, "application/zip").statusCode())
        .isEqualTo(400);
  }

  /** The project these tests import into: the one stored, or a new one. */
  private String ensureProject() throws Exception {
    var current = send("GET", "/project", null);
    if (current.statusCode() == 200) {
      return (String) data(current).get("name");
    }
    // with a runtime: tools imported by another test of this class may be script tools, which need
    // one
    var created =
        send(
            "PUT",
            "/project",
            "name: registry-test\nruntime: {type: node, entrypoint: ./tools.ts}\n",
            "Content-Type",
            "application/yaml");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return "registry-test";
  }

  private record HttpResponseBytes(byte[] body) {
    Map<String, String> entries() throws Exception {
      Map<String, String> out = new LinkedHashMap<>();
      try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(body))) {
        ZipEntry e;
        while ((e = in.getNextEntry()) != null) {
          out.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
      }
      return out;
    }
  }

  private HttpResponseBytes exportZip() throws Exception {
    var r = sendBytes("GET", "/admin/export", null, null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/zip");
    return new HttpResponseBytes(r.body());
  }

  private static void unzip(byte[] zip, Path dir) throws Exception {
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      ZipEntry e;
      while ((e = in.getNextEntry()) != null) {
        Path f = dir.resolve(e.getName());
        Files.createDirectories(f.getParent());
        Files.write(f, in.readAllBytes());
      }
    }
  }

  private static byte[] zip(Map<String, String> files) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      for (var f : files.entrySet()) {
        zip.putNextEntry(new ZipEntry(f.getKey()));
        zip.write(f.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    return out.toByteArray();
  }

  /**
   * Random valid definitions: tools, schemas, memories, agents, stored tasks and workflows that use
   * them.
   */
  static final class RandomDefinitions {
    private RandomDefinitions() {}

    static Map<String, String> generate(Random random, String n) {
      Map<String, String> out = new LinkedHashMap<>();
      List<String> tools = new ArrayList<>();
      for (int i = 0; i < 1 + random.nextInt(3); i++) {
        String id = "tool-" + n + "-" + i;
        tools.add(id);
        out.put(
            "tools/" + id,
            "id: "
                + id
                + "\ndescription: tool "
                + i
                + "\n"
                // keys in an order Postgres' jsonb does not keep: what comes back must still be
                // "unchanged"
                + (random.nextBoolean()
                    ? "input:\n  properties:\n    x: {minimum: "
                        + random.nextInt(9)
                        + ", type: integer}\n  type: object\n"
                    : "")
                + (random.nextBoolean() ? "timeout: " + (1 + random.nextInt(60)) + "s\n" : ""));
      }
      String schema = "input-" + n;
      out.put(
          "schemas/" + schema,
          "properties:\n  q: {type: string, maxLength: "
              + (5 + random.nextInt(50))
              + "}\nid: "
              + schema
              + "\nrequired: [q]\ntype: object\n");
      String memory = "mem-" + n;
      out.put(
          "memories/" + memory,
          "id: "
              + memory
              + "\ntype: message_count_based\nmax_messages: "
              + (1 + random.nextInt(50))
              + "\n");
      String agent = "agent-" + n;
      out.put(
          "agents/" + agent,
          "id: "
              + agent
              + "\ninstructions: 'Answer about {{ .input.q }}'\nmodel: mock:echo\n"
              + "tools: ["
              + tools.get(random.nextInt(tools.size()))
              + "]\nmemory:\n  - id: "
              + memory
              + "\n    key: 'user:{{ .workflow.input.q }}'\n"
              + "actions:\n  - id: answer\n    prompt: '{{ .input.q }}'\n");
      out.put(
          "tasks/task-" + n,
          "id: task-"
              + n
              + "\ntype: basic\ntool: "
              + tools.getFirst()
              + "\nwith:\n  x: "
              + random.nextInt(100)
              + "\n");
      for (int w = 0; w < 1 + random.nextInt(3); w++) {
        String id = "wf-" + n + "-" + w;
        StringBuilder tasks = new StringBuilder();
        int count = 1 + random.nextInt(4);
        for (int t = 0; t < count; t++) {
          tasks.append(
              switch (random.nextInt(4)) {
                case 0 ->
                    "  - id: t"
                        + t
                        + "\n    tool: "
                        + tools.get(random.nextInt(tools.size()))
                        + "\n    with:\n      q: '{{ .workflow.input.q }}'\n";
                case 1 ->
                    "  - id: t"
                        + t
                        + "\n    agent: "
                        + agent
                        + "\n    action: answer\n    with:\n      q: hi\n";
                case 2 ->
                    "  - id: t"
                        + t
                        + "\n    type: parallel\n    strategy: "
                        + List.of("wait_all", "fail_fast", "best_effort", "race")
                            .get(random.nextInt(4))
                        + "\n    tasks:\n      - id: t"
                        + t
                        + "-a\n        tool: "
                        + tools.getFirst()
                        + "\n      - id: t"
                        + t
                        + "-b\n        type: aggregate\n"
                        + "        outputs:\n          k: '{{ .index }}'\n";
                default ->
                    "  - id: t"
                        + t
                        + "\n"
                        + "    type: collection\n"
                        + "    items: '{{ .workflow.input.list }}'\n"
                        + "    task:\n"
                        + "      id: t"
                        + t
                        + "-item\n      tool: "
                        + tools.getFirst()
                        + "\n      with:\n        v: '{{ .item }}'\n";
              });
        }
        out.put(
            "workflows/" + id,
            "id: "
                + id
                + "\ndescription: round "
                + n
                + "\nconfig:\n  input: "
                + schema
                + "\ntasks:\n"
                + tasks
                + "outputs:\n  done: '{{ .tasks.t0.status }}'\n");
      }
      return out;
    }
  }
}
