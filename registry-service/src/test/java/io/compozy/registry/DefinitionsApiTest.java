package io.compozy.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.compozy.contracts.json.Json;
import io.compozy.contracts.schema.JsonSchemas;
import io.compozy.infra.embedded.TestInfrastructure;
import io.compozy.support.catalog.ResourceCatalog;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/** The definitions API over HTTP on the real Postgres and Kafka. */
class DefinitionsApiTest extends RegistryApi {
  private static String tool(String id) {
    return "{\"id\": \""
        + id
        + "\", \"description\": \"a tool\", \"input\": {\"type\": \"object\"}}";
  }

  private static String workflow(String id, String tool) {
    return "{\"id\": \""
        + id
        + "\", \"tasks\": [{\"id\": \"run\", \"type\": \"basic\", \"tool\": \""
        + tool
        + "\", "
        + "\"with\": {\"text\": \"{{ .workflow.input.text }}\"}}]}";
  }

  @Test
  void putCreatesThenUpdatesWithStrongEtagsAndIfMatch() throws Exception {
    String id = "wf-" + UUID.randomUUID();
    assertThat(send("PUT", "/tools/echo-tool", tool("echo-tool")).statusCode()).isIn(200, 201);
    var created =
        send(
            "PUT",
            "/workflows/" + id,
            workflow(id, "echo-tool"),
            "Authorization",
            TestInfrastructure.bearer("usr_alice"));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(created.headers().firstValue("Location")).contains("/api/v0/workflows/" + id);
    String etag = created.headers().firstValue("ETag").orElseThrow();
    assertThat(etag).startsWith("\"").doesNotStartWith("W/");

    var read = send("GET", "/workflows/" + id, null);
    assertThat(read.headers().firstValue("ETag")).contains(etag);
    assertThat(send("GET", "/workflows/" + id, null, "If-None-Match", etag).statusCode())
        .isEqualTo(304);

    String changed =
        workflow(id, "echo-tool")
            .replace("{{ .workflow.input.text }}", "{{ upper .workflow.input.text }}");
    var updated =
        send(
            "PUT",
            "/workflows/" + id,
            changed,
            "If-Match",
            etag,
            "Authorization",
            TestInfrastructure.bearer("usr_bob"));
    assertThat(updated.statusCode()).isEqualTo(200);
    String etag2 = updated.headers().firstValue("ETag").orElseThrow();
    assertThat(etag2).isNotEqualTo(etag);

    var stale = send("PUT", "/workflows/" + id, workflow(id, "echo-tool"), "If-Match", etag);
    assertThat(stale.statusCode()).isEqualTo(412);
    assertThat(json(stale))
        .containsEntry("code", "precondition_failed")
        .containsEntry("current_etag", etag2);
    assertThat(send("PUT", "/workflows/" + id, changed, "If-Match", "*").statusCode())
        .isEqualTo(400);
    assertThat(send("PUT", "/workflows/" + id, changed, "If-Match", "W/" + etag2).statusCode())
        .isEqualTo(400);

    @SuppressWarnings("unchecked")
    var versions =
        (List<Map<String, Object>>)
            ((Map<String, Object>)
                    json(send("GET", "/workflows/" + id + "/versions", null)).get("data"))
                .get("versions");
    assertThat(versions).extracting(v -> v.get("version")).containsExactly(2, 1);
    assertThat(versions)
        .extracting(v -> v.get("changed_by"))
        .containsExactly("usr_bob", "usr_alice");
    var first = send("GET", "/workflows/" + id + "/versions/1", null);
    assertThat(first.body()).contains("{{ .workflow.input.text }}").doesNotContain("upper");
  }

  @Test
  void aYamlBodyIsReadLikeJson() throws Exception {
    String id = "yaml-" + UUID.randomUUID();
    send("PUT", "/tools/echo-tool", tool("echo-tool"));
    String yaml =
        "id: " + id + "\ntasks:\n  - id: run\n    tool: echo-tool\n    with:\n      text: hi\n";
    var r = send("PUT", "/workflows/" + id, yaml, "Content-Type", "application/yaml");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    assertThat(send("GET", "/workflows/" + id, null).body()).contains("\"tool\":\"echo-tool\"");
  }

  @Test
  @SuppressWarnings("unchecked")
  void badDefinitionsAreRefusedWithEveryProblemAndNothingIsStored() throws Exception {
    String id = "bad-" + UUID.randomUUID();
    var unknownField =
        send("PUT", "/workflows/" + id, "{\"id\": \"" + id + "\", \"taskz\": [], \"tasks\": []}");
    assertThat(unknownField.statusCode()).as(unknownField.body()).isEqualTo(422);
    assertThat(unknownField.body()).contains("unknown field 'taskz'").contains("/taskz");

    var wrongType =
        send("PUT", "/workflows/" + id, "{\"id\": \"" + id + "\", \"tasks\": \"none\"}");
    assertThat(wrongType.statusCode()).as(wrongType.body()).isEqualTo(422);
    assertThat(wrongType.body()).contains("/tasks");

    var malformed =
        send(
            "PUT",
            "/workflows/" + id,
            "id: x\ntasks: [\n  - {id: 1",
            "Content-Type",
            "application/yaml");
    assertThat(malformed.statusCode()).isEqualTo(400);

    String broken =
        "{\"id\": \""
            + id
            + "\", \"tasks\": [{\"id\": \"a\", \"tool\": \"no-such-tool\", \"on_success\":"
            + " {\"next\": \"nowhere\"}},{\"id\": \"a\", \"type\": \"router\", \"condition\":"
            + " \"input.x ==\", \"routes\": {\"yes\": \"ghost\"}},{\"id\": \"c\", \"type\":"
            + " \"aggregate\", \"outputs\": {\"x\": \"{{ .tasks.a.output \"}}]}";
    var semantic = send("PUT", "/workflows/" + id, broken);
    assertThat(semantic.statusCode()).as(semantic.body()).isEqualTo(422);
    var errors = (List<Map<String, Object>>) json(semantic).get("errors");
    assertThat(errors)
        .extracting(e -> e.get("pointer"))
        .containsExactlyInAnyOrder(
            "/tasks/1/id",
            "/tasks/0/tool",
            "/tasks/0/on_success/next",
            "/tasks/1/condition",
            "/tasks/1/routes/yes",
            "/tasks/2/outputs/x");

    var otherId = send("PUT", "/workflows/" + id, workflow("not-" + id, "echo-tool"));
    assertThat(otherId.statusCode()).as(otherId.body()).isEqualTo(422);
    assertThat(
            send("PUT", "/workflows/" + "x".repeat(500), workflow("x".repeat(500), "echo-tool"))
                .statusCode())
        .isEqualTo(400);
    assertThat(send("PUT", "/workflows/a%2Fb", workflow("a/b", "echo-tool")).statusCode())
        .isIn(400, 404);
    assertThat(send("PUT", "/workflows/" + id, null).statusCode()).isEqualTo(400);
    assertThat(send("GET", "/workflows/" + id, null).statusCode()).isEqualTo(404);
  }

  @Test
  @SuppressWarnings("unchecked")
  void aToolInUseCannotBeDeletedAndADeletionIsATombstoneOthersSee() throws Exception {
    String toolId = "t-" + UUID.randomUUID();
    String wfId = "uses-" + toolId;
    assertThat(send("PUT", "/tools/" + toolId, tool(toolId)).statusCode()).isEqualTo(201);
    assertThat(send("PUT", "/workflows/" + wfId, workflow(wfId, toolId)).statusCode())
        .isEqualTo(201);
    try (ResourceCatalog other =
        new ResourceCatalog(TestInfrastructure.shared().endpoints().kafkaBootstrap()).start()) {
      assertThat(other.awaitWorkflow(wfId, Duration.ofSeconds(20))).isTrue();

      var inUse = send("DELETE", "/tools/" + toolId, null);
      assertThat(inUse.statusCode()).isEqualTo(409);
      assertThat((List<String>) json(inUse).get("references")).containsExactly("workflows/" + wfId);

      assertThat(send("DELETE", "/workflows/" + wfId, null).statusCode()).isEqualTo(204);
      await().atMost(Duration.ofSeconds(20)).until(() -> other.workflow(wfId).isEmpty());
      assertThat(send("DELETE", "/tools/" + toolId, null).statusCode()).isEqualTo(204);
      assertThat(send("DELETE", "/tools/" + toolId, null).statusCode()).isEqualTo(404);
    }
    // a definition deleted and created again goes on with its history
    send("PUT", "/tools/echo-tool", tool("echo-tool"));
    assertThat(send("PUT", "/workflows/" + wfId, workflow(wfId, "echo-tool")).statusCode())
        .isEqualTo(201);
    var history =
        (List<Map<String, Object>>)
            ((Map<String, Object>)
                    json(send("GET", "/workflows/" + wfId + "/versions", null)).get("data"))
                .get("versions");
    assertThat(history)
        .extracting(v -> v.get("version"), v -> v.get("deleted"))
        .containsExactly(Tuple.tuple(3, false), Tuple.tuple(2, true), Tuple.tuple(1, false));
  }

  @Test
  @SuppressWarnings("unchecked")
  void pagesFollowIdsWhileDefinitionsAreAdded() throws Exception {
    String prefix = "page-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    send("PUT", "/tools/echo-tool", tool("echo-tool"));
    for (int i = 0; i < 5; i++) {
      send("PUT", "/workflows/" + prefix + i, workflow(prefix + i, "echo-tool"));
    }
    var first = send("GET", "/workflows?limit=2&q=" + prefix, null);
    var ids =
        ((List<Map<String, Object>>)
                ((Map<String, Object>) json(first).get("data")).get("workflows"))
            .stream().map(w -> w.get("id")).toList();
    assertThat(ids).containsExactly(prefix + 0, prefix + 1);
    String link = first.headers().firstValue("Link").orElseThrow();
    // added while the client pages: it comes after, in id order, and nothing repeats
    send("PUT", "/workflows/" + prefix + 9, workflow(prefix + 9, "echo-tool"));
    List<Object> seen = new ArrayList<>(ids);
    String next = link.substring(link.indexOf("</api/v0") + 8, link.indexOf('>'));
    while (next != null) {
      var page = send("GET", next, null);
      seen.addAll(
          ((List<Map<String, Object>>)
                  ((Map<String, Object>) json(page).get("data")).get("workflows"))
              .stream().map(w -> w.get("id")).toList());
      String l = page.headers().firstValue("Link").orElse(null);
      next = l == null ? null : l.substring(l.indexOf("</api/v0") + 8, l.indexOf('>'));
    }
    assertThat(seen)
        .containsExactly(prefix + 0, prefix + 1, prefix + 2, prefix + 3, prefix + 4, prefix + 9);
    assertThat(send("GET", "/workflows?limit=0", null).statusCode()).isEqualTo(400);
    var oddQuery =
        send(
            "GET",
            "/workflows?limit=1&q=" + URLEncoder.encode(prefix + "&x=1", StandardCharsets.UTF_8),
            null);
    assertThat(oddQuery.statusCode()).isEqualTo(200);
    assertThat(send("GET", "/workflows?cursor=!!!", null).statusCode()).isEqualTo(400);
  }

  @Test
  void scheduleTriggersAndInlineAgentsAreKeptAndChecked() throws Exception {
    String id = "sched-" + UUID.randomUUID();
    String yaml =
        "id: "
            + id
            + "\n"
            + "agents:\n"
            + "  - id: helper\n"
            + "    instructions: be brief\n"
            + "triggers:\n"
            + "  - type: signal\n"
            + "    name: order.created\n"
            + "schedule:\n"
            + "  cron: '*/5 * * * *'\n"
            + "  timezone: Europe/Lisbon\n"
            + "  overlap_policy: skip\n"
            + "tasks:\n"
            + "  - id: ask\n"
            + "    agent: helper\n"
            + "    prompt: hello\n";
    var ok = send("PUT", "/workflows/" + id, yaml, "Content-Type", "application/yaml");
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
    assertThat(send("GET", "/workflows/" + id, null).body())
        .contains("\"overlap_policy\":\"skip\"")
        .contains("\"name\":\"order.created\"")
        .contains("\"instructions\":\"be brief\"");
    var bad =
        send(
            "PUT",
            "/workflows/" + id,
            yaml.replace("overlap_policy: skip", "overlap_policy: sometimes")
                .replace("type: signal\n    name: order.created", "type: carrier-pigeon"),
            "Content-Type",
            "application/yaml");
    assertThat(bad.statusCode()).isEqualTo(422);
    assertThat(bad.body()).contains("/schedule/overlap_policy").contains("/triggers/0/type");
  }

  @Test
  void agentsAndModelsAreStoredAsWritten() throws Exception {
    String id = "writer-" + UUID.randomUUID();
    String yaml =
        "id: "
            + id
            + "\n"
            + "instructions: You write haiku.\n"
            + "model: openai:gpt-4o-mini\n"
            + "actions:\n"
            + "  - id: haiku\n"
            + "    prompt: 'About {{ .input.topic }}'\n"
            + "    output:\n"
            + "      type: object\n";
    var created = send("PUT", "/agents/" + id, yaml, "Content-Type", "application/yaml");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    var read = send("GET", "/agents/" + id, null);
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.body())
        .contains("\"instructions\":\"You write haiku.\"")
        .contains("\"model\":\"openai:gpt-4o-mini\"");
    var unknown =
        send("PUT", "/agents/" + id, yaml + "temprature: 2\n", "Content-Type", "application/yaml");
    assertThat(unknown.statusCode()).isEqualTo(422);
    assertThat(unknown.body()).contains("temprature");

    var model =
        send(
            "PUT",
            "/models/fast-" + id,
            "{\"id\":\"fast-" + id + "\",\"provider\":\"groq\",\"model\":\"llama-3.1-8b-instant\"}",
            "Content-Type",
            "application/json");
    assertThat(model.statusCode()).as(model.body()).isEqualTo(201);
  }

  @Test
  @SuppressWarnings("unchecked")
  void mcpServersSchemasAndModelsAreDefinitionsWorkflowsAndAgentsNameByIdAndCannotLose()
      throws Exception {
    String n = UUID.randomUUID().toString().substring(0, 8);
    assertThat(
            send(
                    "PUT",
                    "/mcps/files-" + n,
                    "id: files-" + n + "\ntransport: stdio\ncommand: npx\nargs: [server]\n",
                    "Content-Type",
                    "application/yaml")
                .statusCode())
        .isEqualTo(201);
    assertThat(
            send(
                    "PUT",
                    "/schemas/order-" + n,
                    "{\"id\": \"order-" + n + "\", \"type\": \"object\", \"required\": [\"sku\"]}")
                .statusCode())
        .isEqualTo(201);
    var notASchema = send("PUT", "/schemas/bad-" + n, "{\"id\": \"bad-" + n + "\", \"type\": 42}");
    assertThat(notASchema.statusCode()).as(notASchema.body()).isEqualTo(422);
    assertThat(notASchema.body()).contains("\"pointer\":\"/type\"");
    assertThat(
            send(
                    "PUT",
                    "/models/fast-" + n,
                    "{\"id\": \"fast-" + n + "\", \"provider\": \"mock\", \"model\": \"echo\"}")
                .statusCode())
        .isEqualTo(201);
    assertThat(
            send(
                    "PUT",
                    "/memories/chat-" + n,
                    "{\"id\": \"chat-"
                        + n
                        + "\", \"type\": \"message_count_based\", \"max_messages\": 5}")
                .statusCode())
        .isEqualTo(201);
    String agent =
        "id: helper-"
            + n
            + "\nmodel: fast-"
            + n
            + "\nmcps: [files-"
            + n
            + "]\nmemory:\n  - id: chat-"
            + n
            + "\n";
    assertThat(
            send("PUT", "/agents/helper-" + n, agent, "Content-Type", "application/yaml")
                .statusCode())
        .isEqualTo(201);
    String wf =
        "id: orders-"
            + n
            + "\nconfig:\n  input: order-"
            + n
            + "\ntasks:\n  - id: ask\n    agent: helper-"
            + n
            + "\n    prompt: hi\n";
    assertThat(
            send("PUT", "/workflows/orders-" + n, wf, "Content-Type", "application/yaml")
                .statusCode())
        .isEqualTo(201);

    var unknownRefs =
        send(
            "PUT",
            "/workflows/orders-" + n,
            wf.replace("input: order-" + n, "input: nothing-" + n)
                .replace("agent: helper-" + n, "agent: nobody-" + n),
            "Content-Type",
            "application/yaml");
    assertThat(unknownRefs.statusCode()).isEqualTo(422);
    assertThat((List<Map<String, Object>>) json(unknownRefs).get("errors"))
        .extracting(e -> e.get("pointer"), e -> e.get("message"))
        .containsExactlyInAnyOrder(
            Tuple.tuple(
                "/config/input", "no schema 'nothing-" + n + "' in the project or the workflow"),
            Tuple.tuple(
                "/tasks/0/agent", "no agent 'nobody-" + n + "' in the project or the workflow"));
    var agentRefs =
        send(
            "PUT",
            "/agents/helper-" + n,
            agent.replace("model: fast-" + n, "model: slow-" + n),
            "Content-Type",
            "application/yaml");
    assertThat(agentRefs.statusCode()).isEqualTo(422);
    assertThat(agentRefs.body()).contains("no model 'slow-" + n + "' in the project");

    for (String inUse : List.of("/schemas/order-" + n, "/agents/helper-" + n)) {
      var refused = send("DELETE", inUse, null);
      assertThat(refused.statusCode()).as(inUse).isEqualTo(409);
      assertThat((List<String>) json(refused).get("references"))
          .containsExactly("workflows/orders-" + n);
    }
    for (String inUse : List.of("/mcps/files-" + n, "/models/fast-" + n, "/memories/chat-" + n)) {
      assertThat((List<String>) json(send("DELETE", inUse, null)).get("references"))
          .as(inUse)
          .containsExactly("agents/helper-" + n);
    }
    assertThat(send("DELETE", "/workflows/orders-" + n, null).statusCode()).isEqualTo(204);
    assertThat(send("DELETE", "/agents/helper-" + n, null).statusCode()).isEqualTo(204);
    assertThat(send("DELETE", "/mcps/files-" + n, null).statusCode()).isEqualTo(204);
    assertThat(send("GET", "/mcps/files-" + n, null).statusCode()).isEqualTo(404);
  }

  @Test
  @SuppressWarnings("unchecked")
  void expandAndWorkflowIdShowWhatAWorkflowUses() throws Exception {
    String n = UUID.randomUUID().toString().substring(0, 8);
    send("PUT", "/tools/echo-tool", tool("echo-tool"));
    send(
        "PUT",
        "/agents/writer-" + n,
        "{\"id\": \"writer-" + n + "\", \"instructions\": \"write\"}");
    String wf =
        "id: uses-"
            + n
            + "\n"
            + "tools:\n"
            + "  - id: own-tool\n"
            + "tasks:\n"
            + "  - id: first\n"
            + "    tool: echo-tool\n"
            + "  - id: box\n"
            + "    type: composite\n"
            + "    tasks:\n"
            + "      - id: inner\n"
            + "        agent: writer-"
            + n
            + "\n        prompt: hi\n";
    assertThat(
            send("PUT", "/workflows/uses-" + n, wf, "Content-Type", "application/yaml")
                .statusCode())
        .isEqualTo(201);

    var expanded =
        (Map<String, Object>)
            data(send("GET", "/workflows/uses-" + n + "?expand=agents,tools,tasks", null))
                .get("expanded");
    assertThat((List<Map<String, Object>>) expanded.get("agents"))
        .extracting(a -> a.get("id"))
        .containsExactly("writer-" + n);
    assertThat((List<Map<String, Object>>) expanded.get("tools"))
        .extracting(t -> t.get("id"))
        .containsExactly("own-tool", "echo-tool");
    assertThat((List<Map<String, Object>>) expanded.get("tasks"))
        .extracting(t -> t.get("id"))
        .containsExactly("first", "box", "inner");
    assertThat(data(send("GET", "/workflows/uses-" + n, null))).doesNotContainKey("expanded");

    var agents =
        (List<Map<String, Object>>)
            data(send("GET", "/agents?workflow_id=uses-" + n, null)).get("agents");
    assertThat(agents).extracting(a -> a.get("id")).containsExactly("writer-" + n);
    var tasks =
        (List<Map<String, Object>>)
            data(send("GET", "/tasks?workflow_id=uses-" + n + "&q=b", null)).get("tasks");
    assertThat(tasks).extracting(t -> t.get("id")).containsExactly("box");

    assertThat(send("GET", "/workflows/uses-" + n + "?expand=models", null).statusCode())
        .isEqualTo(400);
    assertThat(send("GET", "/tools/echo-tool?expand=tasks", null).statusCode()).isEqualTo(400);
    assertThat(send("GET", "/models?workflow_id=uses-" + n, null).statusCode()).isEqualTo(400);
    assertThat(send("GET", "/agents?workflow_id=ghost-" + n, null).statusCode()).isEqualTo(404);

    // Compozy's reads of a workflow's parts, whole and one by id
    var own =
        (List<Map<String, Object>>)
            data(send("GET", "/workflows/uses-" + n + "/tasks", null)).get("tasks");
    assertThat(own).extracting(t -> t.get("id")).containsExactly("first", "box", "inner");
    assertThat(data(send("GET", "/workflows/uses-" + n + "/tasks/inner", null)))
        .containsEntry("agent", "writer-" + n);
    assertThat(
            (List<Map<String, Object>>)
                data(send("GET", "/workflows/uses-" + n + "/agents", null)).get("agents"))
        .extracting(a -> a.get("id"))
        .containsExactly("writer-" + n);
    assertThat(data(send("GET", "/workflows/uses-" + n + "/agents/writer-" + n, null)))
        .containsEntry("id", "writer-" + n);
    assertThat(
            (List<Map<String, Object>>)
                data(send("GET", "/workflows/uses-" + n + "/tools", null)).get("tools"))
        .extracting(t -> t.get("id"))
        .containsExactly("own-tool", "echo-tool");
    assertThat(data(send("GET", "/workflows/uses-" + n + "/tools/echo-tool", null)))
        .containsEntry("id", "echo-tool");
    assertThat(send("GET", "/workflows/uses-" + n + "/tools/ghost", null).statusCode())
        .isEqualTo(404);
    assertThat(send("GET", "/workflows/ghost-" + n + "/tasks", null).statusCode()).isEqualTo(404);
  }

  @Test
  void refDirectivesAndEndlessLoopsAreRefusedWithTheWayOut() throws Exception {
    String id = "loop-" + UUID.randomUUID();
    var ref =
        send(
            "PUT",
            "/workflows/" + id,
            "id: " + id + "\ntasks:\n  - id: a\n    $use: tool(local::tools.#(id==\"x\"))\n",
            "Content-Type",
            "application/yaml");
    assertThat(ref.statusCode()).isEqualTo(422);
    assertThat(ref.body())
        .contains("/tasks/0/$use")
        .contains(
            "line 4, column 5: $use directives are not supported: name the resource by its id");
    var loop =
        send(
            "PUT",
            "/workflows/" + id,
            "id: "
                + id
                + "\ntasks:\n  - id: a\n    tool: cp__fetch\n    on_success: {next: b}\n"
                + "  - id: b\n    tool: cp__fetch\n    on_success: {next: a}\n",
            "Content-Type",
            "application/yaml");
    assertThat(loop.statusCode()).isEqualTo(422);
    assertThat(loop.body()).contains("tasks a → b → a loop forever");
  }

  @Test
  @SuppressWarnings("unchecked")
  void theProjectIsReadAndChangedButKeepsItsName() throws Exception {
    var current = send("GET", "/project", null);
    if (current.statusCode() == 404) {
      assertThat(
              send(
                      "PUT",
                      "/project",
                      "name: registry-test\nversion: 0.1.0\n",
                      "Content-Type",
                      "application/yaml")
                  .statusCode())
          .isEqualTo(201);
      current = send("GET", "/project", null);
    }
    String name = (String) data(current).get("name");
    String etag = current.headers().firstValue("ETag").orElseThrow();
    // script tools are stored (echo-tool): a project without a runtime entrypoint would leave them
    // unrunnable
    assertThat(send("PUT", "/tools/echo-tool", tool("echo-tool")).statusCode()).isIn(200, 201);
    var dropsRuntime =
        send(
            "PUT",
            "/project",
            "name: " + name + "\ndescription: changed\n",
            "Content-Type",
            "application/yaml",
            "If-Match",
            etag);
    assertThat(dropsRuntime.statusCode()).as(dropsRuntime.body()).isEqualTo(422);
    assertThat(dropsRuntime.body()).contains("/runtime").contains("echo-tool");
    var changed =
        send(
            "PUT",
            "/project",
            "name: "
                + name
                + "\ndescription: changed\nruntime: {type: node, entrypoint: /srv/tools.js}\n"
                + "config:\n  start_to_close_timeout: 2m\n",
            "Content-Type",
            "application/yaml",
            "If-Match",
            etag);
    assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
    assertThat(data(send("GET", "/project", null))).containsEntry("description", "changed");
    assertThat(
            send(
                    "PUT",
                    "/project",
                    "name: " + name + "\nruntime: {type: node, entrypoint: /srv/tools.js}\n",
                    "Content-Type",
                    "application/yaml",
                    "If-Match",
                    etag)
                .statusCode())
        .isEqualTo(412);
    var renamed = send("PUT", "/project", "name: other-name\n", "Content-Type", "application/yaml");
    assertThat(renamed.statusCode()).isEqualTo(409);
    assertThat(json(renamed)).containsEntry("code", "project_name_fixed");
    var sources =
        send(
            "PUT",
            "/project",
            "name: " + name + "\nworkflows:\n  - source: ./w.yaml\n",
            "Content-Type",
            "application/yaml");
    assertThat(sources.statusCode()).isEqualTo(422);
    assertThat(sources.body()).contains("/workflows");
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyKindHasAJsonSchemaThatEditorsCanUse() throws Exception {
    var schemas = new JsonSchemas();
    for (String kind :
        List.of(
            "workflow", "task", "agent", "tool", "mcp", "model", "schema", "memory", "project")) {
      var r = send("GET", "/schemas/_meta/" + kind, null);
      assertThat(r.statusCode()).as(kind).isEqualTo(200);
      assertThat(data(r)).containsEntry("$schema", "https://json-schema.org/draft/2020-12/schema");
      assertThat(schemas.schemaProblems(data(r))).as(kind).isEmpty();
    }
    Map<String, Object> workflowSchema = data(send("GET", "/schemas/_meta/workflow", null));
    for (String example :
        List.of("hello/workflows/my-workflow.yaml", "support-triage/workflows/triage.yaml")) {
      Object wf =
          Json.YAML.readValue(Files.readString(Path.of("../examples", example)), Object.class);
      assertThat(schemas.validate(workflowSchema, wf, "")).as(example).isEmpty();
    }
    var wrong = Json.YAML.readValue("id: w\ntasks:\n  - id: a\n    colour: red\n", Object.class);
    assertThat(schemas.validate(workflowSchema, wrong, "")).isNotEmpty();
    var noTasks = Json.YAML.readValue("id: w\n", Object.class);
    assertThat(schemas.validate(workflowSchema, noTasks, "")).isNotEmpty();
    assertThat(send("GET", "/schemas/_meta/spaceship", null).statusCode()).isEqualTo(404);
  }

  @Test
  void bodiesUpToOneMebibyteAreReadAndLargerOnesAre413() throws Exception {
    String id = "large-" + UUID.randomUUID();
    String large =
        "{\"id\": \""
            + id
            + "\", \"description\": \""
            + "d".repeat(700 * 1024)
            + "\", \"tasks\": [{\"id\": \"a\", \"tool\": \"cp__fetch\"}]}";
    assertThat(send("PUT", "/workflows/" + id, large).statusCode()).isEqualTo(201);
    String huge = large.replace("d".repeat(700 * 1024), "d".repeat(1100 * 1024));
    var refused = send("PUT", "/workflows/" + id, huge);
    assertThat(refused.statusCode()).isEqualTo(413);
    assertThat(refused.headers().firstValue("Content-Type")).contains("application/problem+json");
    assertThat(((String) data(send("GET", "/workflows/" + id, null)).get("description")))
        .hasSize(700 * 1024);
  }
}
