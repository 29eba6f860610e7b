package io.compozy.standalone;

import static io.compozy.standalone.PlatformClient.data;
import static io.compozy.standalone.PlatformClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.compozy.contracts.execution.EventType;
import io.compozy.contracts.json.Json;
import io.compozy.contracts.message.ExecutionEvent;
import io.compozy.contracts.topic.Topics;
import io.compozy.execution.stream.ExecutionFeed;
import io.compozy.gateway.auth.ApiKeys;
import io.compozy.support.catalog.ResourceCatalog;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's constructs on the whole platform: retries through timers, containers, waits and
 * control.
 */
class EngineFlowIntegrationTest {
  @TempDir static Path data;
  static final String KEY = ApiKeys.generate();
  static Standalone platform;
  static final PlatformClient client = new PlatformClient(() -> platform.gatewayPort(), KEY);

  @BeforeAll
  static void start() {
    // file built-ins work in a scratch folder, not in the test project's sources
    System.setProperty("compozy.tools.root", data.resolve("workspace").toString());
    platform =
        Standalone.start(
            new StandaloneOptions(
                data, Path.of("src/test/resources/projects/engine"), 0, 0, 0, 0, 0, KEY));
  }

  @AfterAll
  static void stop() {
    System.clearProperty(
        "compozy.tools.root"); // the next test class in this JVM roots its tools in its project
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void aMemoryTaskAndAnAgentShareAMemoryInstanceRedactedBeforeStoring() throws Exception {
    String session = "s-" + UUID.randomUUID();
    Map<String, Object> out =
        client.runToEnd(
            "remember", "{\"session\": \"" + session + "\", \"text\": \"my ssn is 123-45-6789\"}");
    assertThat(out).as(out.toString()).containsEntry("status", "success");
    assertThat(out.get("output"))
        .isEqualTo(
            Map.of(
                "reply",
                "my ssn is 123-45-6789",
                "history",
                List.of(
                    Map.of("role", "system", "content", "session " + session + " began"),
                    Map.of("role", "user", "content", "my ssn is [REDACTED]"),
                    Map.of("role", "assistant", "content", "my ssn is [REDACTED]"))));
    // the same session goes on where it was; the API reads the same instance
    client.runToEnd("remember", "{\"session\": \"" + session + "\", \"text\": \"again\"}");
    HttpResponse<String> read =
        client.call("GET", "/memory/conversation/read?key=chat:" + session, null);
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat((List<?>) json(read).get("data")).hasSize(6);
  }

  @Test
  @SuppressWarnings("unchecked")
  void theMemoryApiAnswersBadRequestsClearly() throws Exception {
    String key = "api-" + UUID.randomUUID();
    HttpResponse<String> appended =
        client.call(
            "POST",
            "/memory/conversation/append",
            "{\"key\": \""
                + key
                + "\", \"messages\": [{\"role\": \"user\", \"content\": \"hello there\"}]}");
    assertThat(appended.statusCode()).as(appended.body()).isEqualTo(200);
    assertThat(data(appended)).containsEntry("message_count", 1);
    assertThat(data(client.call("GET", "/memory/conversation/stats?key=" + key, null)))
        .containsEntry("token_count", 2);
    // the system's health counts the instances Redis holds, per memory resource
    HttpResponse<String> system = client.call("GET", "/memory/health", null);
    assertThat(system.statusCode()).as(system.body()).isEqualTo(200);
    assertThat(data(system))
        .containsEntry("healthy", true)
        .extractingByKey("redis")
        .asString()
        .contains("status=up");
    assertThat((List<Map<String, Object>>) data(system).get("memories"))
        .anySatisfy(
            m ->
                assertThat(m)
                    .containsEntry("memory_id", "conversation")
                    .containsEntry("instances_capped", false)
                    .extractingByKey("instances")
                    .satisfies(n -> assertThat(((Number) n).longValue()).isPositive()));
    assertThat(data(client.call("GET", "/memory/health/conversation", null)))
        .containsEntry("memory_id", "conversation");
    assertThat(client.call("GET", "/memory/health/nothing-here", null).statusCode()).isEqualTo(404);

    HttpResponse<String> badRole =
        client.call(
            "POST",
            "/memory/conversation/append",
            "{\"key\": \""
                + key
                + "\", \"messages\": [{\"role\": \"robot\", \"content\": \"x\"}]}");
    assertThat(badRole.statusCode()).isEqualTo(422);
    assertThat(badRole.body()).contains("/messages/0/role");
    HttpResponse<String> unconfirmed =
        client.call("POST", "/memory/conversation/clear", "{\"key\": \"" + key + "\"}");
    assertThat(unconfirmed.statusCode()).isEqualTo(422);
    assertThat(unconfirmed.body()).contains("/confirm");
    assertThat(client.call("GET", "/memory/conversation/append?key=" + key, null).statusCode())
        .isEqualTo(400);
    assertThat(client.call("GET", "/memory/conversation/read", null).statusCode()).isEqualTo(400);
    assertThat(client.call("GET", "/memory/nothing-here/read?key=" + key, null).statusCode())
        .isEqualTo(404);
    assertThat(
            client
                .call(
                    "POST",
                    "/memory/conversation/clear",
                    "{\"key\": \"" + key + "\", \"confirm\": true}")
                .statusCode())
        .isEqualTo(200);
    assertThat(
            (List<?>)
                json(client.call("GET", "/memory/conversation/read?key=" + key, null)).get("data"))
        .isEmpty();
  }

  @Test
  void builtInToolsAndAnHttpToolRunAsToolTasks() throws Exception {
    String health = "http://127.0.0.1:" + platform.gatewayPort() + "/healthz";
    Map<String, Object> out =
        client.runToEnd("builtins", "{\"name\": \"ada\", \"health_url\": \"" + health + "\"}");
    assertThat(out).as(out.toString()).containsEntry("status", "success");
    @SuppressWarnings("unchecked")
    Map<String, Object> output = new HashMap<>((Map<String, Object>) out.get("output"));
    assertThat(String.valueOf(output.remove("agent_ids"))).contains("echoer ");
    assertThat(output.remove("described")).isEqualTo("echoer");
    assertThat(output.remove("listing")).isEqualTo(List.of("ada.txt"));
    assertThat(output)
        .isEqualTo(
            Map.of(
                "content",
                "hi ada",
                "child_status",
                "SUCCESS",
                "child_output",
                Map.of("n", 3),
                "calls",
                "1 of 2: chain SUCCESS, ghost-workflow call_failed",
                "health_status",
                200,
                "answer",
                "hello ada"));
    assertThat(data.resolve("workspace/out/ada.txt")).hasContent("hi ada");

    Map<String, Object> escaped =
        client.runToEnd(
            "builtins", "{\"name\": \"../../escape\", \"health_url\": \"" + health + "\"}");
    assertThat(escaped).containsEntry("status", "failed");
    assertThat(escaped.toString()).contains("path_outside_root");
  }

  @Test
  @SuppressWarnings("unchecked")
  void aStoredTaskRunsThroughCallTask() throws Exception {
    HttpResponse<String> task =
        client.send(
            "PUT",
            "/tasks/shout-task",
            "id: shout-task\n"
                + "type: basic\n"
                + "tool: cp__write_file\n"
                + "with:\n"
                + "  path: stored/default.txt\n"
                + "  content: default\n",
            "Authorization",
            "Bearer " + KEY,
            "Content-Type",
            "application/yaml");
    assertThat(task.statusCode()).as(task.body()).isIn(200, 201);
    String caller =
        "id: calls-task\n"
            + "tasks:\n"
            + "  - id: run\n"
            + "    tool: cp__call_task\n"
            + "    with:\n"
            + "      task_id: shout-task\n"
            + "      with:\n"
            + "        content: \"{{ .workflow.input.text }}\"\n";
    HttpResponse<String> put =
        client.send(
            "PUT",
            "/workflows/calls-task",
            caller,
            "Authorization",
            "Bearer " + KEY,
            "Content-Type",
            "application/yaml");
    assertThat(put.statusCode()).as(put.body()).isIn(200, 201);
    var catalogs =
        platform.contexts().stream()
            .map(ctx -> ctx.getBeanProvider(ResourceCatalog.class).getIfAvailable())
            .filter(Objects::nonNull)
            .toList();
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                catalogs.stream()
                    .allMatch(
                        c ->
                            c.document("workflows", "calls-task").isPresent()
                                && c.document("tasks", "shout-task").isPresent()));
    Map<String, Object> out = client.runToEnd("calls-task", "{\"text\": \"quiet\"}");
    assertThat(out).as(out.toString()).containsEntry("status", "success");
    assertThat(((Map<String, Object>) out.get("output")))
        .as(out.toString())
        .containsEntry("success", true)
        .containsEntry("task_id", "shout-task")
        .containsKey("exec_id")
        .containsKey("duration_ms");
    assertThat(
            (Map<String, Object>)
                ((Map<String, Object>) ((Map<String, Object>) out.get("output")).get("output"))
                    .get("metadata"))
        .as(out.toString())
        .containsEntry("path", "stored/default.txt")
        .containsEntry("size", 5);
    assertThat(data.resolve("workspace/stored/default.txt")).hasContent("quiet");

    // the stored task runs on its own too
    HttpResponse<String> direct =
        client.call(
            "POST", "/tasks/shout-task/executions/sync", "{\"with\": {\"content\": \"abc\"}}");
    assertThat(direct.statusCode()).as(direct.body()).isEqualTo(200);
    assertThat(data(direct)).containsEntry("status", "success");
    assertThat((Map<String, Object>) data(direct).get("output")).containsEntry("success", true);
    assertThat(
            (Map<String, Object>)
                ((Map<String, Object>) data(direct).get("output")).get("metadata"))
        .containsEntry("path", "stored/default.txt")
        .containsEntry("size", 3);
    String taskExec = (String) data(direct).get("exec_id");
    assertThat(data(client.call("GET", "/executions/tasks/" + taskExec, null)))
        .containsEntry("component", "task")
        .containsEntry("task_id", "shout-task")
        .containsEntry("workflow_exec_id", taskExec);
    assertThat(client.call("POST", "/tasks/no-such-task/executions", "{}").statusCode())
        .isEqualTo(404);
    assertThat(client.call("POST", "/tasks/shout-task/executions", "{\"with\": 5}").statusCode())
        .isEqualTo(422);

    // a stored task's input schema is checked at the start: every violation named under /with
    HttpResponse<String> checked =
        client.send(
            "PUT",
            "/tasks/checked-task",
            "id: checked-task\n"
                + "tool: cp__write_file\n"
                + "input:\n"
                + "  type: object\n"
                + "  required: [content]\n"
                + "  properties:\n"
                + "    content: {type: string, maxLength: 5, default: dflt}\n"
                + "with:\n"
                + "  path: stored/checked.txt\n",
            "Authorization",
            "Bearer " + KEY,
            "Content-Type",
            "application/yaml");
    assertThat(checked.statusCode()).as(checked.body()).isIn(200, 201);
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> catalogs.stream().allMatch(c -> c.document("tasks", "checked-task").isPresent()));
    HttpResponse<String> tooLong =
        client.call(
            "POST",
            "/tasks/checked-task/executions",
            "{\"with\": {\"content\": \"far too long\"}}");
    assertThat(tooLong.statusCode()).isEqualTo(422);
    assertThat((List<Map<String, Object>>) json(tooLong).get("errors"))
        .extracting(e -> e.get("pointer"))
        .containsExactly("/with/content");
    HttpResponse<String> wrongType =
        client.call("POST", "/tasks/checked-task/executions", "{\"with\": {\"content\": 5}}");
    assertThat((List<Map<String, Object>>) json(wrongType).get("errors"))
        .extracting(e -> e.get("pointer"))
        .containsExactly("/with/content");
    // the schema's default fills what the caller leaves out, before the check and for the run
    HttpResponse<String> defaulted =
        client.call("POST", "/tasks/checked-task/executions/sync", "{}");
    assertThat(defaulted.statusCode()).as(defaulted.body()).isEqualTo(200);
    assertThat(data.resolve("workspace/stored/checked.txt")).hasContent("dflt");
    HttpResponse<String> fine =
        client.call(
            "POST", "/tasks/checked-task/executions/sync", "{\"with\": {\"content\": \"ok\"}}");
    assertThat(fine.statusCode()).as(fine.body()).isEqualTo(200);
    assertThat(data(fine)).containsEntry("status", "success");
  }

  @Test
  @SuppressWarnings("unchecked")
  void anAgentRunsOnItsOwnSyncOrAsyncAndIsReadBackAsAnAgentExecution() throws Exception {
    HttpResponse<String> sync =
        client.call("POST", "/agents/echoer/executions/sync", "{\"prompt\": \"say this back\"}");
    assertThat(sync.statusCode()).as(sync.body()).isEqualTo(200);
    assertThat(data(sync))
        .containsEntry("status", "success")
        .containsEntry("output", Map.of("response", "say this back"));
    assertThat((Map<String, Object>) data(sync).get("usage")).containsKey("mock:echo");

    HttpResponse<String> started =
        client.call("POST", "/agents/echoer/executions", "{\"prompt\": \"later\"}");
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    String execId = (String) data(started).get("exec_id");
    assertThat(data(started)).containsEntry("exec_url", "/api/v0/executions/agents/" + execId);
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                "success"
                    .equals(
                        data(client.call("GET", "/executions/agents/" + execId, null))
                            .get("status")));
    assertThat(data(client.call("GET", "/executions/agents/" + execId, null)))
        .containsEntry("component", "agent")
        .containsEntry("task_id", "echoer")
        .containsEntry("workflow_exec_id", execId)
        .containsEntry("exec_id", execId);
    assertThat(client.sse("/executions/agents/" + execId + "/stream", null, e -> false))
        .extracting(PlatformClient.Sse::event)
        .contains("workflow_start", "complete");
    assertThat(client.call("GET", "/executions/tasks/" + execId, null).statusCode()).isEqualTo(404);

    assertThat(client.call("POST", "/agents/ghost/executions", "{\"prompt\": \"x\"}").statusCode())
        .isEqualTo(404);
    HttpResponse<String> neither =
        client.call("POST", "/agents/echoer/executions", "{\"with\": {}}");
    assertThat(neither.statusCode()).isEqualTo(422);
    assertThat(neither.body()).contains("/action");
    assertThat(client.call("POST", "/agents/echoer/executions", "{\"action\": \"nope\"}").body())
        .contains("has no action 'nope'");
    HttpResponse<String> offSchema =
        client.call(
            "POST",
            "/agents/echoer/executions",
            "{\"action\": \"repeat\", \"with\": {\"text\": 5}}");
    assertThat(offSchema.statusCode()).isEqualTo(422);
    assertThat(offSchema.body()).contains("/with/text");
    HttpResponse<String> action =
        client.call(
            "POST",
            "/agents/echoer/executions/sync",
            "{\"action\": \"repeat\", \"with\": {\"text\": \"again\"}}");
    assertThat(data(action)).containsEntry("output", Map.of("response", "again"));
  }

  @Test
  void aToolResultOffItsOutputSchemaFailsTheTask() throws Exception {
    assertThat(client.runToEnd("shaped", "{\"ok\": true}"))
        .containsEntry("status", "success")
        .containsEntry("output", Map.of("text", "fine"));
    Map<String, Object> off = client.runToEnd("shaped", "{\"ok\": false}");
    assertThat(off).containsEntry("status", "failed");
    assertThat(off.toString()).contains("invalid_tool_output").contains("output schema");
  }

  @Test
  void aFlakyToolIsRetriedAfterItsBackoffUntilItSucceeds() throws Exception {
    Map<String, Object> out =
        client.runToEnd("flaky", "{\"key\": \"k1-" + UUID.randomUUID() + "\"}");
    assertThat(out)
        .containsEntry("status", "success")
        .containsEntry("output", Map.of("attempts", 3));
  }

  @Test
  void exhaustedRetriesTakeTheOnErrorPath() throws Exception {
    Map<String, Object> out =
        client.runToEnd("flaky", "{\"key\": \"k2-" + UUID.randomUUID() + "\", \"failures\": 5}");
    assertThat(out)
        .containsEntry("status", "success")
        .containsEntry("output", Map.of("gave_up", true));
  }

  @Test
  void aCollectionAndAParallelTaskRunOnWorkers() throws Exception {
    Map<String, Object> out = client.runToEnd("fanout", "{\"words\": [\"a\", \"b\", \"c\"]}");
    assertThat(out).containsEntry("status", "success");
    assertThat(out.get("output"))
        .isEqualTo(
            Map.of(
                "words",
                List.of(Map.of("text", "A"), Map.of("text", "B"), Map.of("text", "C")),
                "first",
                "A",
                "count",
                3));
  }

  @Test
  void aWaitingExecutionPausesResumesAndGoesOnWithItsSignal() throws Exception {
    String execId = client.start("approval", "{}");
    client.awaitStatus(execId, "waiting");
    // the view names what may be asked now, and the API does exactly that
    assertThat(data(client.call("GET", "/executions/workflows/" + execId, null)))
        .containsEntry("actions", List.of("cancel", "pause", "signal"));
    assertThat(
            client.call("POST", "/executions/workflows/" + execId + "/resume", null).statusCode())
        .isEqualTo(409);
    assertThat(client.call("POST", "/executions/workflows/" + execId + "/pause", null).statusCode())
        .isEqualTo(202);
    client.awaitStatus(execId, "paused");
    assertThat(data(client.call("GET", "/executions/workflows/" + execId, null)))
        .containsEntry("actions", List.of("cancel", "resume", "signal"));
    assertThat(
            client.call("POST", "/executions/workflows/" + execId + "/resume", null).statusCode())
        .isEqualTo(202);
    client.awaitStatus(execId, "waiting");
    HttpResponse<String> wrong =
        client.call(
            "POST",
            "/executions/workflows/" + execId + "/signals",
            "{\"signal_name\": \"approve\", \"payload\": {\"ok\": false}}");
    assertThat(wrong.statusCode()).isEqualTo(202);
    assertThat(
            client
                .call(
                    "POST",
                    "/executions/workflows/" + execId + "/signals",
                    "{\"signal_name\": \"approve\", \"payload\": {\"ok\": true, \"by\": \"ana\"}}")
                .statusCode())
        .isEqualTo(202);
    client.awaitStatus(execId, "success");
    assertThat(data(client.call("GET", "/executions/workflows/" + execId + "/outputs", null)))
        .containsEntry("output", Map.of("by", "ana"));
    assertThat(data(client.call("GET", "/executions/workflows/" + execId, null)))
        .containsEntry("actions", List.of());
  }

  @Test
  void executionsMidRunFinishExactlyOnceWhenTheOrchestratorIsReplaced() throws Exception {
    // held: each is past its first step and waits for a signal sent only after the replacement,
    // so each is provably mid-run when the orchestrator goes away
    List<String> held = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      held.add(client.start("relay", "{}"));
    }
    for (String id : held) {
      client.awaitStatus(id, "waiting");
    }
    // in flight: steps on the worker while the orchestrator goes away
    List<String> moving = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      moving.add(client.start("chain", "{}"));
    }
    client.awaitStatus(moving.getLast(), "running");
    platform.restartService("workflow-service");
    for (String id : held) {
      assertThat(
              client
                  .call(
                      "POST",
                      "/executions/workflows/" + id + "/signals",
                      "{\"signal_name\": \"go\", \"payload\": {}}")
                  .statusCode())
          .isEqualTo(202);
    }
    List<String> ids = new ArrayList<>(held);
    ids.addAll(moving);
    for (String id : ids) {
      client.awaitStatus(id, "success", "failed");
      Map<String, Object> out =
          data(client.call("GET", "/executions/workflows/" + id + "/outputs", null));
      assertThat(out).containsEntry("status", "success").containsEntry("output", Map.of("n", 3));
    }
    // no step ran twice, and each execution completed once: one completion decision, whose event
    // the outbox may deliver more than once (at-least-once, with the same event id)
    var e = platform.endpoints();
    try (var c = DriverManager.getConnection(e.jdbcUrl(), e.postgresUser(), e.postgresPassword());
        var rs =
            c.createStatement()
                .executeQuery(
                    "select max(attempts) from engine.task_states t join engine.executions x "
                        + "on x.exec_id = t.exec_id where x.workflow_id in ('chain', 'relay')")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(1);
    }
    Map<String, Set<String>> completes = completeEvents(e.kafkaBootstrap(), ids);
    assertThat(completes)
        .hasSize(20)
        .allSatisfy((id, eventIds) -> assertThat(eventIds).as(id).hasSize(1));
  }

  static Map<String, Set<String>> completeEvents(String bootstrap, List<String> ids) {
    var props = new Properties();
    props.put("bootstrap.servers", bootstrap);
    props.put("group.id", "complete-count");
    props.put("auto.offset.reset", "earliest");
    Map<String, Set<String>> counts = new HashMap<>();
    try (var consumer =
        new KafkaConsumer<String, String>(
            props, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(Topics.EXECUTION_EVENTS));
      long quietSince = System.currentTimeMillis();
      while (System.currentTimeMillis() - quietSince < 3_000) {
        var records = consumer.poll(Duration.ofMillis(200));
        if (!records.isEmpty()) {
          quietSince = System.currentTimeMillis();
        }
        for (var r : records) {
          var event = Json.read(r.value(), ExecutionEvent.class);
          if (ids.contains(event.execId()) && event.type() == EventType.COMPLETE) {
            counts.computeIfAbsent(event.execId(), k -> new HashSet<>()).add(event.messageId());
          }
        }
      }
    }
    return counts;
  }

  @Test
  void everyEventOfAnExecutionIsInItsRedisStreamInOrderAndReplaysFromAnId() throws Exception {
    String execId = client.start("fanout", "{\"words\": [\"x\", \"y\"]}");
    client.awaitStatus(execId, "success");
    ExecutionFeed feed =
        platform.contexts().stream()
            .filter(
                ctx ->
                    "execution-service"
                        .equals(ctx.getEnvironment().getProperty("spring.application.name")))
            .findFirst()
            .orElseThrow()
            .getBean(ExecutionFeed.class);
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                feed.since(execId, 0)
                    .map(ExecutionEvent::type)
                    .collectList()
                    .block()
                    .contains(EventType.COMPLETE));
    List<ExecutionEvent> all = feed.since(execId, 0).collectList().block();
    assertThat(all)
        .extracting(ExecutionEvent::seq)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, all.size()).boxed().toList());
    assertThat(all.getFirst().type()).isEqualTo(EventType.WORKFLOW_START);
    assertThat(all.getLast().type()).isEqualTo(EventType.COMPLETE);
    assertThat(all)
        .filteredOn(e -> e.type() == EventType.TASK_STATUS)
        .extracting(ExecutionEvent::taskId)
        .contains("each", "each[0]", "each[1]", "both", "both/first", "both/count");
    assertThat(feed.since(execId, 3).collectList().block())
        .extracting(ExecutionEvent::seq)
        .first()
        .isEqualTo(4L);
  }

  @Test
  void anSseClientThatDisconnectsMidRunResumesWithLastEventIdAndGetsEveryEventOnceInOrder()
      throws Exception {
    String execId = client.start("approval", "{}");
    String path = "/executions/workflows/" + execId + "/stream";
    // first connection: until the execution waits for its signal, then the client goes away
    List<PlatformClient.Sse> first =
        client.sse(
            path,
            null,
            e ->
                e.event().equals("workflow_status") && e.data().contains("\"status\":\"waiting\""));
    assertThat(first.getFirst().event()).isEqualTo("workflow_start");
    String lastSeen = first.getLast().id();
    assertThat(
            client
                .call(
                    "POST",
                    "/executions/workflows/" + execId + "/signals",
                    "{\"signal_name\": \"approve\", \"payload\": {\"ok\": true, \"by\": \"sse\"}}")
                .statusCode())
        .isEqualTo(202);
    // second connection resumes after the last event seen and ends by itself after "complete"
    List<PlatformClient.Sse> rest = client.sse(path, lastSeen, e -> false);
    assertThat(rest.getLast().event()).isEqualTo("complete");
    List<Long> ids =
        Stream.concat(first.stream(), rest.stream()).map(e -> Long.parseLong(e.id())).toList();
    assertThat(ids)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, ids.size()).boxed().toList());

    // a finished execution replays everything and ends; a filter keeps only what was asked
    assertThat(client.sse(path, null, e -> false)).hasSize(ids.size());
    assertThat(client.sse(path + "?events=complete,workflow_start", null, e -> false))
        .extracting(PlatformClient.Sse::event)
        .containsExactly("workflow_start", "complete");
  }

  @Test
  void anExecutionRunsTheDefinitionItStartedWithWhenTheWorkflowChanges() throws Exception {
    putAndAwaitEverywhere(approvalYaml("by"), 201);
    String before = client.start("pinned", "{}");
    client.awaitStatus(before, "waiting");
    putAndAwaitEverywhere(approvalYaml("approver"), 200);

    assertThat(
            client
                .call(
                    "POST",
                    "/executions/workflows/" + before + "/signals",
                    "{\"signal_name\": \"approve\", \"payload\": {\"ok\": true, \"by\": \"ana\"}}")
                .statusCode())
        .isEqualTo(202);
    client.awaitStatus(before, "success");
    assertThat(data(client.call("GET", "/executions/workflows/" + before + "/outputs", null)))
        .containsEntry("output", Map.of("by", "ana"));

    String after = client.start("pinned", "{}");
    client.awaitStatus(after, "waiting");
    client.call(
        "POST",
        "/executions/workflows/" + after + "/signals",
        "{\"signal_name\": \"approve\", \"payload\": {\"ok\": true, \"by\": \"bo\"}}");
    client.awaitStatus(after, "success");
    assertThat(data(client.call("GET", "/executions/workflows/" + after + "/outputs", null)))
        .containsEntry("output", Map.of("approver", "bo"));
  }

  private static String approvalYaml(String outputName) {
    return "id: pinned\ntasks:\n  - id: hold\n    type: wait\n    wait_for: approve\n"
        + "    condition: 'signal.payload.ok == true'\n  - id: done\n    type: aggregate\n"
        + "    outputs: { "
        + outputName
        + ": \"{{ .tasks.hold.output.signal.payload.by }}\" }\n"
        + "outputs:\n  "
        + outputName
        + ": \"{{ .tasks.done.output."
        + outputName
        + " }}\"\n";
  }

  /** PUTs the workflow and waits until every service's catalog has that version. */
  private static void putAndAwaitEverywhere(String yaml, int expectedStatus) throws Exception {
    HttpResponse<String> put =
        client.send(
            "PUT",
            "/workflows/pinned",
            yaml,
            "Authorization",
            "Bearer " + KEY,
            "Content-Type",
            "application/yaml");
    assertThat(put.statusCode()).as(put.body()).isEqualTo(expectedStatus);
    long version = Long.parseLong(put.headers().firstValue("X-Resource-Version").orElseThrow());
    var catalogs =
        platform.contexts().stream()
            .map(ctx -> ctx.getBeanProvider(ResourceCatalog.class).getIfAvailable())
            .filter(Objects::nonNull)
            .toList();
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                catalogs.stream()
                    .allMatch(
                        c ->
                            c.document("workflows", "pinned")
                                .map(d -> d.version() == version)
                                .orElse(false)));
  }

  @Test
  @SuppressWarnings("unchecked")
  void anEventPostedToTheApiIsACloudEventOnKafka() throws Exception {
    HttpResponse<String> accepted =
        client.call(
            "POST", "/events", "{\"name\": \"order.created\", \"payload\": {\"order\": 42}}");
    assertThat(accepted.statusCode()).isEqualTo(202);
    String eventId = (String) data(accepted).get("event_id");
    assertThat(eventId).startsWith("evt_");
    var props = new Properties();
    props.put("bootstrap.servers", platform.endpoints().kafkaBootstrap());
    props.put("group.id", "test-" + UUID.randomUUID());
    props.put("auto.offset.reset", "earliest");
    props.put("key.deserializer", StringDeserializer.class.getName());
    props.put("value.deserializer", StringDeserializer.class.getName());
    try (var consumer = new KafkaConsumer<String, String>(props)) {
      consumer.subscribe(List.of(Topics.EVENTS));
      Map<String, Object> found = null;
      long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (found == null && System.nanoTime() < until) {
        for (var record : consumer.poll(Duration.ofMillis(500))) {
          if (eventId.equals(record.key())) {
            found = Json.read(record.value(), Map.class);
          }
        }
      }
      assertThat(found)
          .isNotNull()
          .containsEntry("specversion", "1.0")
          .containsEntry("type", "order.created")
          .containsEntry("id", eventId)
          .containsEntry("data", Map.of("order", 42));
    }
    HttpResponse<String> bad = client.call("POST", "/events", "{\"name\": 5}");
    assertThat(bad.statusCode()).isEqualTo(422);
    assertThat(bad.body()).contains("/name");
  }

  @Test
  void aStreamRefusesWhatItCannotServe() throws Exception {
    String execId = client.start("approval", "{}");
    HttpResponse<String> unknownEvent =
        client.send(
            "GET",
            "/executions/workflows/" + execId + "/stream?events=complete,nope",
            null,
            "Authorization",
            "Bearer " + KEY,
            "Accept",
            "text/event-stream");
    assertThat(unknownEvent.statusCode()).isEqualTo(400);
    assertThat(PlatformClient.json(unknownEvent)).containsEntry("field", "events");
    HttpResponse<String> badId =
        client.send(
            "GET",
            "/executions/workflows/" + execId + "/stream",
            null,
            "Authorization",
            "Bearer " + KEY,
            "Accept",
            "text/event-stream",
            "Last-Event-ID",
            "abc");
    assertThat(badId.statusCode()).isEqualTo(400);
    HttpResponse<String> unknown =
        client.send(
            "GET",
            "/executions/workflows/exec_0190c3a0-0000-7000-8000-000000000000/stream",
            null,
            "Authorization",
            "Bearer " + KEY,
            "Accept",
            "text/event-stream");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.headers().firstValue("Content-Type"))
        .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
    client.call("POST", "/executions/workflows/" + execId + "/cancel", null);
  }

  @Test
  void aSyncStartThatOutlastsItsTimeoutIs408WithTheExecutionGoingOn() throws Exception {
    HttpResponse<String> r =
        client.call(
            "POST", "/workflows/approval/executions/sync", "{\"input\": {}, \"timeout\": 1}");
    assertThat(r.statusCode()).isEqualTo(408);
    assertThat(json(r)).containsEntry("code", "sync_timeout");
    String execId = (String) json(r).get("exec_id");
    assertThat(client.status(execId)).isIn("pending", "running", "waiting");
    assertThat(
            client.call("POST", "/executions/workflows/" + execId + "/cancel", null).statusCode())
        .isEqualTo(202);
  }

  @Test
  void cancelEndsAWaitingExecutionAndAFinishedOneRefusesControl() throws Exception {
    String execId = client.start("approval", "{}");
    client.awaitStatus(execId, "waiting");
    assertThat(
            client.call("POST", "/executions/workflows/" + execId + "/cancel", null).statusCode())
        .isEqualTo(202);
    client.awaitStatus(execId, "canceled");
    HttpResponse<String> again =
        client.call("POST", "/executions/workflows/" + execId + "/cancel", null);
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(json(again))
        .containsEntry("code", "invalid_transition")
        .containsEntry("status", "canceled");
    assertThat(
            client
                .call(
                    "POST",
                    "/executions/workflows/" + execId + "/signals",
                    "{\"signal_name\": \"approve\"}")
                .statusCode())
        .isEqualTo(409);
    assertThat(
            client
                .call("POST", "/executions/workflows/" + execId + "/signals", "{\"payload\": {}}")
                .statusCode())
        .isEqualTo(422);
    assertThat(
            client
                .call(
                    "POST",
                    "/executions/workflows/exec_00000000-0000-7000-8000-000000000000/cancel",
                    null)
                .statusCode())
        .isEqualTo(404);
  }
}
