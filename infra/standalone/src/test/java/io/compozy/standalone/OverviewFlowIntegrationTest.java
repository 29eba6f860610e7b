package io.compozy.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.compozy.contracts.json.Json;
import io.compozy.gateway.auth.ApiKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API overview's three requests against standalone mode, as a new user sends them; the platform
 * runs with tracing ({@code --tracing}: Zipkin started beside it).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OverviewFlowIntegrationTest {
  @TempDir static Path data;
  static final String KEY = ApiKeys.generate();
  static Standalone platform;
  static String firstExecution;

  @BeforeAll
  static void start() {
    // gauges asked of Postgres and Kafka (lag, backlogs, active executions) every 2 s instead of 15
    // s
    System.setProperty("compozy.metrics.poll-interval", "2s");
    platform =
        Standalone.start(new StandaloneOptions(data, null, 0, 0, 0, 0, 0, KEY).withTracing(0));
  }

  @AfterAll
  static void stop() {
    System.clearProperty("compozy.metrics.poll-interval");
    if (platform != null) {
      platform.close();
    }
  }

  static final PlatformClient client = new PlatformClient(() -> platform.gatewayPort(), KEY);

  static HttpResponse<String> send(String method, String path, String body, String... headers)
      throws Exception {
    return client.send(method, path, body, headers);
  }

  static HttpResponse<String> authorized(String method, String path, String body) throws Exception {
    return client.call(method, path, body);
  }

  static Map<String, Object> json(HttpResponse<String> r) {
    return PlatformClient.json(r);
  }

  static Map<String, Object> data(HttpResponse<String> r) {
    return PlatformClient.data(r);
  }

  static Map<String, Object> runToEnd(String message) throws Exception {
    return client.runToEnd("my-workflow", "{\"message\": \"" + message + "\"}");
  }

  /**
   * Starting the overview's workflow gives one trace, in Zipkin, from the gateway's span through
   * execution-service's, the orchestrator's decision on the start, the tool's step, its run in the
   * Node.js process and the decision on its result, each the child of the one before; the answer
   * names the trace and so does the execution.
   */
  @Test
  @Order(0)
  @SuppressWarnings("unchecked")
  void anExecutionIsOneTraceFromTheGatewayThroughEveryServiceAndKafkaHop() throws Exception {
    HttpResponse<String> started =
        authorized(
            "POST",
            "/workflows/my-workflow/executions",
            "{\"input\": {\"message\": \"Hello, world!\"}}");
    assertThat(started.statusCode()).isEqualTo(202);
    String traceparent = started.headers().firstValue("traceparent").orElseThrow();
    assertThat(traceparent).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
    String traceId = traceparent.split("-")[1];
    String execId = (String) data(started).get("exec_id");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                "success"
                    .equals(
                        data(authorized("GET", "/executions/workflows/" + execId, null))
                            .get("status")));
    assertThat(data(authorized("GET", "/executions/workflows/" + execId, null)))
        .containsEntry("trace_id", traceId);

    var http = HttpClient.newHttpClient();
    var query =
        HttpRequest.newBuilder(URI.create(platform.tracesUrl() + "/api/v2/trace/" + traceId))
            .timeout(Duration.ofSeconds(5))
            .build();
    List<String> hops =
        List.of(
            "post executions-start",
            "http post /api/v0/workflows/{workflowid}/executions",
            "decide startexecution",
            "tool shout",
            "node shout",
            "decide stepsucceeded");
    // each service exports its spans in batches, every few seconds: wait until every hop's is in
    List<Map<String, Object>> spans =
        await()
            .atMost(Duration.ofSeconds(30))
            .ignoreExceptions()
            .until(
                () ->
                    (List<Map<String, Object>>)
                        Json.plain(http.send(query, HttpResponse.BodyHandlers.ofString()).body()),
                s -> s.stream().map(span -> span.get("name")).toList().containsAll(hops));
    Map<String, Map<String, Object>> byName = new HashMap<>();
    spans.forEach(span -> byName.putIfAbsent((String) span.get("name"), span));
    Map<String, Object> gateway = byName.get("post executions-start");
    Map<String, Object> service = byName.get("http post /api/v0/workflows/{workflowid}/executions");
    Map<String, Object> start = byName.get("decide startexecution");
    Map<String, Object> tool = byName.get("tool shout");
    Map<String, Object> node = byName.get("node shout");
    Map<String, Object> result = byName.get("decide stepsucceeded");
    assertThat(Arrays.asList(gateway, service, start, tool, node, result))
        .as(spans.toString())
        .doesNotContainNull();
    assertThat(serviceOf(gateway)).isEqualTo("gateway");
    assertThat(gateway).doesNotContainKey("parentId");
    assertThat(serviceOf(service)).isEqualTo("execution-service");
    assertThat(service).containsEntry("parentId", gateway.get("id"));
    assertThat(serviceOf(start)).isEqualTo("workflow-service");
    assertThat(start).containsEntry("parentId", service.get("id"));
    assertThat(serviceOf(tool)).isEqualTo("execution-service");
    assertThat(tool).containsEntry("parentId", start.get("id"));
    assertThat((Map<String, Object>) tool.get("tags"))
        .containsEntry("exec_id", execId)
        .containsEntry("task_id", "shout");
    // the tool's own run, as the Node.js process timed it, inside the step's span
    assertThat(node).containsEntry("parentId", tool.get("id"));
    assertThat(((Number) node.get("timestamp")).longValue())
        .isGreaterThanOrEqualTo(((Number) tool.get("timestamp")).longValue());
    assertThat(((Number) node.get("duration")).longValue())
        .isLessThanOrEqualTo(((Number) tool.get("duration")).longValue());
    assertThat(serviceOf(result)).isEqualTo("workflow-service");
    assertThat(result).containsEntry("parentId", tool.get("id"));

    // the discovery document names the trace store's page of a trace: the console links to it
    String page =
        (String) ((Map<String, Object>) data(send("GET", "", null)).get("endpoints")).get("traces");
    assertThat(page).isEqualTo(platform.tracesUrl() + "/zipkin/traces/{trace_id}");
    var opened =
        http.send(
            HttpRequest.newBuilder(URI.create(page.replace("{trace_id}", traceId)))
                .timeout(Duration.ofSeconds(5))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(opened.statusCode()).isEqualTo(200);
  }

  /**
   * After the overview's workflow ran, the services' Prometheus endpoints have its domain metrics,
   * named and labelled the Prometheus way: executions started and finished by workflow and status,
   * the duration histograms of executions and of steps by kind, the steps in flight, tool runs.
   */
  @Test
  @Order(0)
  void theServicesPrometheusEndpointsCountTheExecutionsAndTheirSteps() throws Exception {
    runToEnd("Hello, world!");
    String metrics =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                OverviewFlowIntegrationTest::allPrometheus,
                text ->
                    text.contains(
                        "compozy_executions_finished_total{status=\"success\",workflow=\"my-workflow\"}"));
    assertThat(metrics)
        .containsPattern(
            "compozy_executions_started_total\\{[^}]*workflow=\"my-workflow\"[^}]*} [1-9]")
        .containsPattern(
            "compozy_execution_duration_seconds_bucket\\{[^}]*status=\"success\"[^}]*workflow=\"my-workflow\"")
        .containsPattern(
            "compozy_step_duration_seconds_bucket\\{[^}]*outcome=\"succeeded\"[^}]*type=\"tool\"")
        .containsPattern("compozy_steps_in_flight\\{[^}]*type=\"tool\"[^}]*} 0")
        .containsPattern(
            "compozy_tool_runs_total\\{[^}]*outcome=\"succeeded\"[^}]*tool=\"shout\"[^}]*} [1-9]");
    // in Prometheus's OpenMetrics format a step's duration links to a trace that ran it (an
    // exemplar)
    assertThat(allPrometheus("application/openmetrics-text; version=1.0.0; charset=utf-8"))
        .containsPattern(
            "compozy_step_duration_seconds_bucket\\{[^}]*type=\"tool\"[^}]*} \\d+ #"
                + " \\{[^}]*trace_id=\"[0-9a-f]{32}\"");
  }

  /**
   * The dashboards and alert rules of deploy/observability cannot rot: after a workload that runs
   * every kind of work they watch (a tool, an agent, a timer, a schedule, a rate-limited key, an
   * event stream), every metric they query is on the services' Prometheus endpoints with the labels
   * the query uses.
   */
  @Test
  @Order(20)
  @SuppressWarnings("unchecked")
  void everyMetricTheDashboardsAndAlertsQueryExistsWithItsLabels() throws Exception {
    Path observability = Path.of("../../deploy/observability").toAbsolutePath().normalize();
    List<String> exprs = new ArrayList<>();
    try (var files = Files.list(observability.resolve("grafana/dashboards"))) {
      for (Path f : files.toList()) {
        Map<String, Object> dashboard = (Map<String, Object>) Json.plain(Files.readString(f));
        for (Object panel : (List<Object>) dashboard.get("panels")) {
          for (Object target : (List<Object>) ((Map<String, Object>) panel).get("targets")) {
            exprs.add(((String) ((Map<String, Object>) target).get("expr")).replace("$job", "x"));
          }
        }
      }
    }
    Map<String, Object> rules =
        Json.YAML.readValue(observability.resolve("prometheus/alerts.yml").toFile(), Map.class);
    for (Object group : (List<Object>) rules.get("groups")) {
      for (Object rule : (List<Object>) ((Map<String, Object>) group).get("rules")) {
        exprs.add((String) ((Map<String, Object>) rule).get("expr"));
      }
    }
    assertThat(exprs).hasSizeGreaterThan(20);

    runToEnd("observed");
    // the workload: a tool (above), an agent (the offline mock model), a wait that times out (a
    // timer), a schedule
    // every second whose runs overlap (fires and misses), a key over its rate limit, an event
    // stream
    put(
        "/models/echo-model",
        "{\"id\": \"echo-model\", \"provider\": \"mock\", \"model\": \"echo\"}");
    put(
        "/workflows/observed-agent",
        """
        {"id": "observed-agent", "agents": [{"id": "helper", "instructions": "Repeat what you are told.", "model": \
        "echo-model",
                     "actions": [{"id": "say", "prompt": "say {{ .input.text }}"}]}],
         "tasks": [{"id": "ask", "type": "basic", "agent": "helper", "action": "say", "with": {"text": "hello"}}]}\
        """);
    put(
        "/workflows/observed-wait",
        """
        {"id": "observed-wait", "tasks": [{"id": "hold", "type": "wait", "wait_for": "never", "timeout": "1s"}]}\
        """);
    put(
        "/workflows/observed-tick",
        """
        {"id": "observed-tick", "schedule": {"cron": "@every 1s", "overlap_policy": "skip"},
         "tasks": [{"id": "hold", "type": "wait", "wait_for": "never", "timeout": "3s"}]}\
        """);
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(
            () -> {
              HttpResponse<String> r =
                  authorized("POST", "/workflows/observed-agent/executions", "{\"input\": {}}");
              return r.statusCode() == 202;
            });
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(
            () ->
                authorized("POST", "/workflows/observed-wait/executions", "{\"input\": {}}")
                        .statusCode()
                    == 202);
    HttpResponse<String> slow =
        authorized(
            "POST",
            "/auth/keys",
            "{\"name\": \"slow\", \"role\": \"read\", \"rate_limit\": {\"rate\": 1, \"burst\":"
                + " 1}}");
    assertThat(slow.statusCode()).as(slow.body()).isEqualTo(201);
    PlatformClient slowClient =
        new PlatformClient(() -> platform.gatewayPort(), (String) data(slow).get("key"));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> slowClient.call("GET", "/workflows", null).statusCode() == 429);

    List<String> missing =
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofSeconds(2))
            .until(() -> PromQueries.missing(exprs, allPrometheus()), List::isEmpty);
    assertThat(missing).isEmpty();
  }

  /**
   * An agent's step is a span, and each call of its model a span under it with the tokens it spent.
   */
  @Test
  @Order(21)
  @SuppressWarnings("unchecked")
  void eachModelCallOfAnAgentIsASpanUnderTheAgentsStep() throws Exception {
    var http = HttpClient.newHttpClient();
    var query =
        HttpRequest.newBuilder(
                URI.create(
                    platform.tracesUrl()
                        + "/api/v2/traces?serviceName=execution-service&spanName=agent%20helper"
                        + "&lookback=3600000&limit=5"))
            .timeout(Duration.ofSeconds(5))
            .build();
    List<List<Map<String, Object>>> traces =
        await()
            .atMost(Duration.ofSeconds(30))
            .ignoreExceptions()
            .until(
                () ->
                    (List<List<Map<String, Object>>>)
                        Json.plain(http.send(query, HttpResponse.BodyHandlers.ofString()).body()),
                t ->
                    !t.isEmpty()
                        && t.getFirst().stream()
                            .anyMatch(
                                span -> String.valueOf(span.get("name")).startsWith("chat ")));
    List<Map<String, Object>> trace = traces.getFirst();
    Map<String, Object> agent =
        trace.stream()
            .filter(span -> "agent helper".equals(span.get("name")))
            .findFirst()
            .orElseThrow();
    Map<String, Object> chat =
        trace.stream()
            .filter(span -> String.valueOf(span.get("name")).startsWith("chat "))
            .findFirst()
            .orElseThrow();
    assertThat(chat).containsEntry("parentId", agent.get("id"));
    assertThat((Map<String, Object>) chat.get("tags"))
        .containsKeys(
            "gen_ai.request.model", "gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens");
  }

  private static void put(String path, String body) throws Exception {
    HttpResponse<String> r = authorized("PUT", path, body);
    assertThat(r.statusCode()).as(path + ": " + r.body()).isIn(200, 201);
  }

  /** Every service's {@code /actuator/prometheus}, one after the other. */
  static String allPrometheus() throws Exception {
    return allPrometheus("text/plain");
  }

  /** As above, in the format {@code accept} names (OpenMetrics carries exemplars). */
  static String allPrometheus(String accept) throws Exception {
    var http = HttpClient.newHttpClient();
    StringBuilder all = new StringBuilder();
    for (var ctx : platform.contexts()) {
      String port = ctx.getEnvironment().getProperty("local.server.port");
      var r =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                  .header("Accept", accept)
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      all.append(r.body()).append('\n');
    }
    return all.toString();
  }

  /**
   * The timeline says where an execution's time went without a trace store: its tasks in the order
   * they started, and for the tool's task the run of its step with the worker that ran it, the time
   * it waited in its queue and the time it ran.
   */
  @Test
  @Order(0)
  @SuppressWarnings("unchecked")
  void anExecutionsTimelineShowsEachTaskAndEachRunOfItsStep() throws Exception {
    String execId = (String) runToEnd("Hello, timeline!").get("exec_id");
    // the runs are written just after the results are sent: wait for the tool's
    Map<String, Object> timeline =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () ->
                    data(authorized("GET", "/executions/workflows/" + execId + "/timeline", null)),
                t ->
                    ((List<Map<String, Object>>) t.get("tasks"))
                        .stream().anyMatch(task -> !((List<?>) task.get("runs")).isEmpty()));
    assertThat(timeline)
        .containsEntry("exec_id", execId)
        .containsEntry("workflow_id", "my-workflow")
        .containsEntry("status", "success")
        .containsKeys("created_at", "ended_at", "duration_ms", "trace_id");
    List<Map<String, Object>> tasks = (List<Map<String, Object>>) timeline.get("tasks");
    // in the order they started (tasks the orchestrator ran in one decision share their start)
    assertThat(tasks)
        .extracting(t -> t.get("task_id"))
        .startsWith("shout")
        .contains("size", "done");
    Map<String, Object> shout = tasks.getFirst();
    Map<String, Object> size =
        tasks.stream().filter(t -> t.get("task_id").equals("size")).findFirst().orElseThrow();
    assertThat(shout).containsEntry("status", "success").containsEntry("attempts", 1);
    Map<String, Object> run = ((List<Map<String, Object>>) shout.get("runs")).getFirst();
    assertThat(run)
        .containsEntry("attempt", 1)
        .containsEntry("kind", "tool")
        .containsEntry("outcome", "succeeded");
    assertThat((String) run.get("worker")).isNotBlank();
    assertThat(((Number) run.get("waited_ms")).longValue()).isGreaterThanOrEqualTo(0);
    assertThat(((Number) run.get("ran_ms")).longValue()).isGreaterThanOrEqualTo(0);
    assertThat((List<?>) size.get("runs")).as("a router runs no step").isEmpty();
    assertThat(
            authorized(
                    "GET",
                    "/executions/workflows/exec_01a24e4a-1469-7748-87ff-cab1f61c5366/timeline",
                    null)
                .statusCode())
        .isEqualTo(404);
  }

  @SuppressWarnings("unchecked")
  private static String serviceOf(Map<String, Object> span) {
    return (String) ((Map<String, Object>) span.get("localEndpoint")).get("serviceName");
  }

  @SuppressWarnings("unchecked") // JSON read as maps
  @Test
  @Order(1)
  void theOverviewsThreeRequestsStartWatchAndReadAnExecution() throws Exception {
    HttpResponse<String> started =
        authorized(
            "POST",
            "/workflows/my-workflow/executions",
            "{\"input\": {\"message\": \"Hello, world!\"}}");
    assertThat(started.statusCode()).isEqualTo(202);
    Map<String, Object> envelope = json(started);
    assertThat(envelope).containsEntry("message", "Workflow execution started successfully");
    Map<String, Object> d = data(started);
    assertThat(d).containsKeys("exec_id", "workflow_id", "status", "created_at", "updated_at");
    String execId = (String) d.get("exec_id");
    assertThat(execId)
        .matches("exec_[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    assertThat(d).containsEntry("workflow_id", "my-workflow");
    assertThat((String) d.get("created_at"))
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
    assertThat(started.headers().firstValue("Location"))
        .hasValue("/api/v0/executions/workflows/" + execId);

    // a read right after the 202 already finds the execution
    HttpResponse<String> first = authorized("GET", "/executions/workflows/" + execId, null);
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat((String) data(first).get("status")).isIn("pending", "running", "success");

    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                "success"
                    .equals(
                        data(authorized("GET", "/executions/workflows/" + execId, null))
                            .get("status")));
    Map<String, Object> execution =
        data(authorized("GET", "/executions/workflows/" + execId, null));
    assertThat(execution)
        .containsEntry("input", Map.of("message", "Hello, world!"))
        .containsEntry("workflow_exec_id", execId)
        .doesNotContainKeys("component", "task_id");
    assertThat((Map<String, Object>) execution.get("tasks"))
        .containsOnlyKeys("shout", "size", "loud", "done");
    Map<String, Object> shout =
        (Map<String, Object>) ((Map<String, Object>) execution.get("tasks")).get("shout");
    assertThat(shout).containsEntry("status", "success").containsEntry("attempts", 1);
    assertThat((Map<String, Object>) shout.get("output")).containsEntry("text", "HELLO, WORLD!");
    assertThat((String) shout.get("started_at"))
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
    assertThat(Instant.parse((String) shout.get("ended_at")))
        .isAfterOrEqualTo(Instant.parse((String) shout.get("started_at")));

    HttpResponse<String> outputs =
        authorized("GET", "/executions/workflows/" + execId + "/outputs", null);
    assertThat(outputs.statusCode()).isEqualTo(200);
    assertThat(data(outputs))
        .containsEntry("status", "success")
        .containsEntry("output", Map.of("greeting", "HELLO, WORLD!!!!", "chars", 13));
    firstExecution = execId;
  }

  @Test
  @Order(2)
  void aShortMessageTakesTheQuietRoute() throws Exception {
    assertThat(runToEnd("hi")).containsEntry("output", Map.of("greeting", "HI", "chars", 2));
  }

  @Test
  @Order(3)
  void withoutAKeyTheAnswerIs401WithABearerChallenge() throws Exception {
    HttpResponse<String> r =
        send("POST", "/workflows/my-workflow/executions", "{\"input\": {\"message\": \"x\"}}");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"compozy\"");
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    assertThat(json(r)).containsEntry("code", "unauthorized").containsKey("request_id");
    assertThat(
            send(
                    "GET",
                    "/executions/workflows/" + firstExecution,
                    null,
                    "Authorization",
                    "Bearer " + ApiKeys.generate())
                .statusCode())
        .isEqualTo(401);
    assertThat(
            send(
                    "GET",
                    "/executions/workflows/" + firstExecution,
                    null,
                    "Authorization",
                    "Token abc")
                .statusCode())
        .isEqualTo(400);
  }

  /**
   * Read-your-writes: a workflow stored (201) can be started in the very next request, every time.
   */
  @Test
  @Order(4)
  void aWorkflowStoredAMomentAgoStartsInTheVeryNextRequest() throws Exception {
    for (int i = 0; i < 20; i++) {
      String id = "fresh-" + i + "-" + System.nanoTime();
      String workflow =
          "{\"id\": \""
              + id
              + "\", \"tasks\": [{\"id\": \"shout\", \"tool\": \"cp__list_dir\", \"with\":"
              + " {\"path\": \".\"}}]}";
      assertThat(authorized("PUT", "/workflows/" + id, workflow).statusCode()).isEqualTo(201);
      var started = authorized("POST", "/workflows/" + id + "/executions", "{\"input\": {}}");
      assertThat(started.statusCode()).as("start %d: %s", i, started.body()).isEqualTo(202);
    }
  }

  @Test
  @Order(4)
  void anUnknownWorkflowIs404ProblemJson() throws Exception {
    HttpResponse<String> r =
        authorized("POST", "/workflows/no-such-workflow/executions", "{\"input\": {}}");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    assertThat(json(r)).containsEntry("code", "workflow_not_found").containsEntry("status", 404);
    assertThat(
            authorized(
                    "GET", "/executions/workflows/exec_00000000-0000-7000-8000-000000000000", null)
                .statusCode())
        .isEqualTo(404);
  }

  @Test
  @Order(5)
  void inputFailingTheSchemaIs422NamingTheFieldAndCreatesNoExecution() throws Exception {
    long before = executionCount();
    HttpResponse<String> r =
        authorized("POST", "/workflows/my-workflow/executions", "{\"input\": {}}");
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(json(r)).containsEntry("code", "invalid_input");
    assertThat(r.body()).contains("\"pointer\":\"/input/message\"");
    HttpResponse<String> empty =
        authorized("POST", "/workflows/my-workflow/executions", "{\"input\": {\"message\": \"\"}}");
    assertThat(empty.statusCode()).isEqualTo(422);
    assertThat(authorized("POST", "/workflows/my-workflow/executions", "{\"input\":").statusCode())
        .isEqualTo(400);
    assertThat(executionCount()).isEqualTo(before);
  }

  @Test
  @Order(6)
  void outputsOfAnUnfinishedExecutionAre409() throws Exception {
    put(
        "/workflows/held-outputs",
        """
        {"id": "held-outputs", "tasks": [{"id": "hold", "type": "wait", "wait_for": "release",
         "timeout": "5m"}]}\
        """);
    String execId =
        await()
            .atMost(Duration.ofSeconds(30))
            .ignoreExceptions()
            .until(
                () ->
                    (String)
                        data(authorized(
                                "POST", "/workflows/held-outputs/executions", "{\"input\": {}}"))
                            .get("exec_id"),
                id -> id != null);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> data(authorized("GET", "/executions/workflows/" + execId, null)).get("status"),
            "waiting"::equals);
    HttpResponse<String> outputs =
        authorized("GET", "/executions/workflows/" + execId + "/outputs", null);
    assertThat(outputs.statusCode()).isEqualTo(409);
    assertThat(json(outputs)).containsEntry("code", "execution_not_finished");
    assertThat((String) json(outputs).get("detail")).contains("is waiting");

    assertThat(
            authorized(
                    "POST",
                    "/executions/workflows/" + execId + "/signals",
                    "{\"signal_name\": \"release\", \"payload\": {\"ok\": true}}")
                .statusCode())
        .isEqualTo(202);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                authorized("GET", "/executions/workflows/" + execId + "/outputs", null)
                    .statusCode(),
            code -> code == 200);
  }

  @Test
  @Order(7)
  @SuppressWarnings("unchecked")
  void aRestartKeepsDefinitionsAndExecutionsAndDoesNotUndoAnApiChange() throws Exception {
    // a change made through the API to a definition the project directory also holds
    var current = authorized("GET", "/workflows/my-workflow", null);
    Map<String, Object> changed = new LinkedHashMap<>(data(current));
    changed.put("description", "changed through the API");
    assertThat(authorized("PUT", "/workflows/my-workflow", Json.write(changed)).statusCode())
        .isEqualTo(200);
    platform.close();
    platform =
        Standalone.start(new StandaloneOptions(data, null, 0, 0, 0, 0, 0, KEY).withTracing(0));
    assertThat(data(authorized("GET", "/workflows/my-workflow", null)))
        .containsEntry("description", "changed through the API");
    HttpResponse<String> outputs =
        authorized("GET", "/executions/workflows/" + firstExecution + "/outputs", null);
    assertThat(outputs.statusCode()).isEqualTo(200);
    assertThat(data(outputs))
        .containsEntry("output", Map.of("greeting", "HELLO, WORLD!!!!", "chars", 13));
    assertThat(runToEnd("after a restart")).containsEntry("status", "success");
  }

  @Test
  @Order(8)
  @SuppressWarnings("unchecked")
  void executionsAreListedNewestFirstPageByPage() throws Exception {
    long total = executionCount();
    List<String> seen = new ArrayList<>();
    List<List<Object>> pages = new ArrayList<>();
    List<String> prevs = new ArrayList<>();
    String path = "/executions/workflows?limit=2";
    List<Instant> created = new ArrayList<>();
    while (path != null) {
      HttpResponse<String> page = authorized("GET", path, null);
      assertThat(page.statusCode()).isEqualTo(200);
      List<Map<String, Object>> items = (List<Map<String, Object>>) data(page).get("executions");
      assertThat(items.size()).isLessThanOrEqualTo(2);
      items.forEach(
          i -> {
            seen.add((String) i.get("exec_id"));
            created.add(Instant.parse((String) i.get("created_at")));
          });
      pages.add(items.stream().map(i -> i.get("exec_id")).toList());
      Map<String, Object> info = (Map<String, Object>) data(page).get("page");
      String next = (String) info.get("next_cursor");
      String prev = (String) info.get("prev_cursor");
      prevs.add(prev);
      String link = page.headers().firstValue("Link").orElse("");
      assertThat(link.contains("rel=\"next\"")).isEqualTo(next != null);
      assertThat(link.contains("rel=\"prev\"")).isEqualTo(prev != null);
      path =
          next == null
              ? null
              : Arrays.stream(link.split(", "))
                  .filter(l -> l.endsWith("rel=\"next\""))
                  .findFirst()
                  .orElseThrow()
                  .replaceFirst("^<(/api/v0)?([^>]*)>.*$", "$2");
    }
    assertThat(seen).hasSize((int) total).doesNotHaveDuplicates();
    assertThat(created).isSortedAccordingTo(Comparator.reverseOrder());
    // and back: each page's prev_cursor gives the page before it, newest first too; the first has
    // none
    assertThat(prevs.getFirst()).isNull();
    for (int i = pages.size() - 1; i > 0; i--) {
      assertThat(prevs.get(i)).as("page " + i).isNotNull();
      HttpResponse<String> back =
          authorized("GET", "/executions/workflows?limit=2&cursor=" + prevs.get(i), null);
      assertThat(
              ((List<Map<String, Object>>) data(back).get("executions"))
                  .stream().map(e -> e.get("exec_id")).toList())
          .as("page " + (i - 1) + " again")
          .isEqualTo(pages.get(i - 1));
    }

    List<Map<String, Object>> ok =
        (List<Map<String, Object>>)
            data(authorized(
                    "GET", "/workflows/my-workflow/executions?status=SUCCESS&limit=500", null))
                .get("executions"); // Compozy's spelling
    assertThat(ok)
        .isNotEmpty()
        .allSatisfy(
            e ->
                assertThat(e)
                    .containsEntry("status", "success")
                    .containsEntry("workflow_id", "my-workflow"));
    assertThat(
            (List<?>)
                data(authorized("GET", "/executions/workflows?workflow_id=nope", null))
                    .get("executions"))
        .isEmpty();

    for (String bad :
        List.of("status=nope", "limit=abc", "limit=0", "created_after=yesterday", "cursor=%%%")) {
      HttpResponse<String> r =
          authorized(
              "GET", "/executions/workflows?" + bad.replace("%%%", "bm90LWEtY3Vyc29y"), null);
      assertThat(r.statusCode()).as(bad).isEqualTo(400);
      assertThat(json(r).get("detail").toString())
          .as(bad)
          .contains(bad.substring(0, bad.indexOf('=')).replace("cursor", "cursor"));
    }
  }

  @Test
  @Order(9)
  void anIdempotencyKeyStartsOneExecutionForOneRequest() throws Exception {
    String body = "{\"input\": {\"message\": \"once\"}}";
    HttpResponse<String> first =
        send(
            "POST",
            "/workflows/my-workflow/executions",
            body,
            "Authorization",
            "Bearer " + KEY,
            "Idempotency-Key",
            "order-42");
    assertThat(first.statusCode()).isEqualTo(202);
    String execId = (String) data(first).get("exec_id");
    long count = executionCount();

    HttpResponse<String> again =
        send(
            "POST",
            "/workflows/my-workflow/executions",
            body,
            "Authorization",
            "Bearer " + KEY,
            "Idempotency-Key",
            "order-42");
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(data(again)).containsEntry("exec_id", execId);
    assertThat(again.headers().firstValue("Location"))
        .hasValue("/api/v0/executions/workflows/" + execId);

    HttpResponse<String> other =
        send(
            "POST",
            "/workflows/my-workflow/executions",
            "{\"input\": {\"message\": \"twice\"}}",
            "Authorization",
            "Bearer " + KEY,
            "Idempotency-Key",
            "order-42");
    assertThat(other.statusCode()).isEqualTo(409);
    assertThat(json(other))
        .containsEntry("code", "idempotency_conflict")
        .containsEntry("exec_id", execId);
    assertThat(executionCount()).isEqualTo(count);

    HttpResponse<String> fresh =
        send(
            "POST",
            "/workflows/my-workflow/executions",
            body,
            "Authorization",
            "Bearer " + KEY,
            "Idempotency-Key",
            "order-43");
    assertThat(fresh.statusCode()).isEqualTo(202);
    assertThat(data(fresh).get("exec_id")).isNotEqualTo(execId);
  }

  @Test
  @Order(10)
  @SuppressWarnings("unchecked")
  void aSyncStartAnswersWithTheOutputOnceTheExecutionEnds() throws Exception {
    HttpResponse<String> r =
        authorized(
            "POST",
            "/workflows/my-workflow/executions/sync",
            "{\"input\": {\"message\": \"Hello, world!\"}}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(data(r))
        .containsEntry("status", "success")
        .containsEntry("output", Map.of("greeting", "HELLO, WORLD!!!!", "chars", 13));
    assertThat((Map<String, Object>) data(r).get("workflow")).containsKey("tasks");
    assertThat(
            authorized(
                    "POST",
                    "/workflows/my-workflow/executions/sync",
                    "{\"input\": {\"message\": \"x\"}, \"timeout\": 301}")
                .statusCode())
        .isEqualTo(422);
    assertThat(
            authorized("POST", "/workflows/my-workflow/executions/sync", "{\"input\": {}}")
                .statusCode())
        .isEqualTo(422);
  }

  @Test
  @Order(11)
  void aHundredConcurrentSyncStartsAreAllAnswered() throws Exception {
    var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    var calls = new ArrayList<CompletableFuture<HttpResponse<String>>>();
    for (int i = 0; i < 100; i++) {
      calls.add(
          http.sendAsync(
              HttpRequest.newBuilder(
                      URI.create(
                          "http://127.0.0.1:"
                              + platform.gatewayPort()
                              + "/api/v0/workflows/my-workflow/executions/sync"))
                  .header("Authorization", "Bearer " + KEY)
                  .header("Content-Type", "application/json")
                  .timeout(Duration.ofSeconds(120))
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"input\": {\"message\": \"call " + i + "\"}, \"timeout\": 90}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString()));
    }
    Set<String> execIds = new HashSet<>();
    for (int i = 0; i < calls.size(); i++) {
      HttpResponse<String> r = calls.get(i).get();
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(data(r)).containsEntry("status", "success");
      String message = "call " + i;
      assertThat(data(r))
          .containsEntry(
              "output", Map.of("greeting", message.toUpperCase(), "chars", message.length()));
      execIds.add((String) data(r).get("exec_id"));
    }
    assertThat(execIds).hasSize(100);
  }

  static long executionCount() throws Exception {
    var e = platform.endpoints();
    try (var c = DriverManager.getConnection(e.jdbcUrl(), e.postgresUser(), e.postgresPassword());
        ResultSet rs = c.createStatement().executeQuery("select count(*) from engine.executions")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
