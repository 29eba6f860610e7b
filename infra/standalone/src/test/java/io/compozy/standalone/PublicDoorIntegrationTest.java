package io.compozy.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.compozy.client.ApiClient;
import io.compozy.client.ApiException;
import io.compozy.client.api.ExecutionsApi;
import io.compozy.client.api.MemoriesApi;
import io.compozy.client.api.ProjectApi;
import io.compozy.client.api.WorkflowsApi;
import io.compozy.client.model.Memory;
import io.compozy.client.model.MemoryMessage;
import io.compozy.client.model.MemoryRequest;
import io.compozy.client.model.SignalRequest;
import io.compozy.client.model.StartRequest;
import io.compozy.client.model.Workflow;
import io.compozy.contracts.json.Json;
import io.compozy.gateway.auth.ApiKeys;
import io.swagger.v3.parser.OpenAPIV3Parser;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.server.PathContainer;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

/**
 * The gateway in front of the whole platform: health of everything, one OpenAPI document with every
 * service in it, and a few thousand random and malformed requests that must never get a 5xx other
 * than the documented 503.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PublicDoorIntegrationTest {
  @TempDir static Path data;
  static final String ADMIN = ApiKeys.generate();
  static Standalone platform;
  static PlatformClient admin;

  @BeforeAll
  static void start() {
    platform = Standalone.start(new StandaloneOptions(data, null, 0, 0, 0, 0, 0, ADMIN));
    admin = new PlatformClient(() -> platform.gatewayPort(), ADMIN);
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  private static HttpResponse<String> raw(String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + platform.gatewayPort() + path))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  /**
   * The merged document once every service has answered: a service's first document is built on
   * demand and may take longer than the gateway waits for it on a busy machine (the gateway then
   * serves the rest, names the missing service and asks again two seconds later).
   */
  private static String document() {
    return Awaitility.await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> raw("/openapi.json").body(), body -> !body.contains("x-compozy-unavailable"));
  }

  @Test
  @Order(1)
  @SuppressWarnings("unchecked")
  void healthReportsEveryServiceAndDependencyUp() throws Exception {
    var r = admin.send("GET", "/health", null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    Map<String, Object> health = PlatformClient.data(r);
    assertThat((Map<String, Object>) health.get("services"))
        .containsOnlyKeys("gateway", "registry", "execution", "workflow", "scheduler")
        .allSatisfy((k, v) -> assertThat(v).isEqualTo("UP"));
    assertThat((Map<String, Object>) health.get("dependencies"))
        .containsOnlyKeys("postgres", "redis", "kafka")
        .allSatisfy((k, v) -> assertThat(v).isEqualTo("UP"));
  }

  @Test
  @Order(2)
  void oneOpenApiDocumentHoldsEveryServicesPaths() throws Exception {
    var r = raw("/openapi.json");
    assertThat(r.statusCode()).isEqualTo(200);
    var result = new OpenAPIV3Parser().readContents(document());
    assertThat(result.getMessages()).isEmpty();
    var api = result.getOpenAPI();
    assertThat(api.getOpenapi()).startsWith("3.1");
    assertThat(api.getPaths().keySet())
        .contains("/api/v0/auth/keys", "/api/v0/users") // gateway
        .contains(
            "/api/v0/workflows",
            "/api/v0/workflows/{id}",
            "/api/v0/knowledge-bases/{id}/versions") // registry
        .contains(
            "/api/v0/workflows/{workflowId}/executions",
            "/api/v0/executions/workflows/{execId}") // execution
        .contains(
            "/api/v0/knowledge-bases/{id}/ingest",
            "/api/v0/knowledge-bases/{id}/query",
            "/api/v0/knowledge-bases/{id}/ingestions",
            "/api/v0/knowledge-bases/{id}/ingestions/{jobId}/cancel")
        .allSatisfy(p -> assertThat(p).matches("/api/v0(/.*)?"));
    assertThat(api.getComponents().getSecuritySchemes().get("bearer").getScheme())
        .isEqualTo("bearer");
    assertThat(r.body()).doesNotContain("x-compozy-unavailable");
    // no two services name different schemas alike (the merged document would describe one wrongly)
    assertThat(document()).doesNotContain("x-compozy-component-conflicts");
    assertThat(raw("/docs").statusCode()).isIn(200, 302);
  }

  /**
   * The document as a code generator reads it: one path per resource and action (no {@code {kind}},
   * {@code {action}} or {@code {operation}} families), every operation named once as a method would
   * be ({@code listWorkflows}, {@code cancelExecution}) and tagged by its resource, and the
   * definitions typed with their kind's JSON Schema.
   */
  @Test
  @Order(2)
  void theDocumentNamesEveryOperationOnceAndTypesTheDefinitions() throws Exception {
    var api = new OpenAPIV3Parser().readContents(document()).getOpenAPI();
    List<String> ids = new ArrayList<>();
    List<String> wrong = new ArrayList<>();
    api.getPaths()
        .forEach(
            (path, item) -> {
              if (path.matches(".*\\{(kind|action|operation)}.*")
                  && !path.equals("/api/v0/schemas/_meta/{kind}")) {
                wrong.add("a family of resources in one path: " + path);
              }
              item.readOperationsMap()
                  .forEach(
                      (method, op) -> {
                        ids.add(op.getOperationId());
                        if (op.getOperationId() == null
                            || !op.getOperationId().matches("[a-z][A-Za-z]+")) {
                          wrong.add(method + " " + path + ": operationId " + op.getOperationId());
                        }
                        if (op.getTags() == null
                            || op.getTags().size() != 1
                            || op.getTags().getFirst().matches(".*-(handler|controller)")) {
                          wrong.add(method + " " + path + ": tags " + op.getTags());
                        }
                      });
            });
    assertThat(wrong).isEmpty();
    assertThat(ids)
        .doesNotHaveDuplicates()
        .contains(
            "listWorkflows",
            "getWorkflow",
            "putWorkflow",
            "deleteWorkflow",
            "listWorkflowVersions",
            "startWorkflowExecution",
            "runWorkflowExecution",
            "getExecution",
            "cancelExecution",
            "pauseExecution",
            "resumeExecution",
            "signalExecution",
            "streamExecution",
            "listKnowledgeBases",
            "queryKnowledgeBase",
            "createApiKey",
            "listSchedules",
            "readMemory");
    var put = api.getPaths().get("/api/v0/workflows/{id}").getPut();
    assertThat(put.getRequestBody().getContent().get("application/json").getSchema().get$ref())
        .endsWith("/Workflow");
    assertThat(api.getComponents().getSchemas())
        .containsKeys(
            "Workflow", "Agent", "Tool", "Task", "KnowledgeBase", "Memory", "Mcp", "Model");
  }

  /**
   * The document and the routes agree: every handler a service (or the gateway) serves under {@code
   * /api/v0} is documented with its method, and each of its query and header parameters; every
   * documented operation has a handler. A family route ({@code /{kind}/{id}}) is documented once
   * per kind, so each documented path is matched against the served patterns.
   */
  @Test
  @Order(2)
  void everyServedRouteIsDocumentedAndEveryDocumentedOperationIsServed() throws Exception {
    var api = new OpenAPIV3Parser().readContents(document()).getOpenAPI();
    record Route(String service, String method, PathPattern pattern, HandlerMethod handler) {}
    List<Route> served = new ArrayList<>();
    for (var ctx : platform.contexts()) {
      for (var mapping : ctx.getBeansOfType(RequestMappingHandlerMapping.class).values()) {
        mapping
            .getHandlerMethods()
            .forEach(
                (info, handler) -> {
                  for (var pattern : info.getPatternsCondition().getPatterns()) {
                    if (!pattern.getPatternString().startsWith("/api/v0")) {
                      continue; // actuator, the document itself, Swagger UI, the discovery root
                    }
                    var methods = info.getMethodsCondition().getMethods();
                    assertThat(methods)
                        .as("a handler for every method: " + pattern + " in " + ctx.getId())
                        .isNotEmpty();
                    methods.forEach(
                        m ->
                            served.add(
                                new Route(
                                    ctx.getId(),
                                    m.name().toLowerCase(Locale.ROOT),
                                    pattern,
                                    handler)));
                  }
                });
      }
    }
    assertThat(served).hasSizeGreaterThan(50);
    List<String> problems = new ArrayList<>();
    Map<String, List<Route>> servedBy = new HashMap<>();
    api.getPaths()
        .forEach(
            (path, item) ->
                item.readOperationsMap()
                    .forEach(
                        (method, op) -> {
                          String m = method.name().toLowerCase(Locale.ROOT);
                          var container = PathContainer.parsePath(path);
                          List<Route> handlers =
                              served.stream()
                                  .filter(
                                      r -> r.method().equals(m) && r.pattern().matches(container))
                                  .toList();
                          if (handlers.isEmpty()) {
                            problems.add("documented but not served: " + method + " " + path);
                            return;
                          }
                          servedBy.put(m + " " + path, handlers);
                          // the most specific handler is the one that answers (a literal path
                          // before a {kind} family)
                          Route handler =
                              handlers.stream()
                                  .min(Comparator.comparing(Route::pattern))
                                  .orElseThrow();
                          Set<String> documented = new HashSet<>();
                          if (op.getParameters() != null) {
                            op.getParameters()
                                .forEach(
                                    p ->
                                        documented.add(
                                            p.getIn()
                                                + ":"
                                                + p.getName().toLowerCase(Locale.ROOT)));
                          }
                          for (var param : handler.handler().getMethodParameters()) {
                            var query = param.getParameterAnnotation(RequestParam.class);
                            var header = param.getParameterAnnotation(RequestHeader.class);
                            if (query != null
                                && !Map.class.isAssignableFrom(param.getParameterType())) {
                              String name =
                                  !query.name().isEmpty()
                                      ? query.name()
                                      : !query.value().isEmpty()
                                          ? query.value()
                                          : param.getParameterName();
                              if (!documented.contains("query:" + name.toLowerCase(Locale.ROOT))) {
                                problems.add(
                                    method
                                        + " "
                                        + path
                                        + ": query parameter '"
                                        + name
                                        + "' is served but not documented");
                              }
                            }
                            if (header != null) {
                              String name =
                                  !header.name().isEmpty() ? header.name() : header.value();
                              if (!name.isEmpty()
                                  && !name.equalsIgnoreCase("Authorization")
                                  && !name.equalsIgnoreCase("Content-Type")
                                  && !documented.contains(
                                      "header:" + name.toLowerCase(Locale.ROOT))) {
                                problems.add(
                                    method
                                        + " "
                                        + path
                                        + ": header '"
                                        + name
                                        + "' is served but not documented");
                              }
                            }
                          }
                        }));
    // the matching finds literal routes and families alike
    assertThat(servedBy)
        .containsKeys(
            "post /api/v0/admin/reload",
            "get /api/v0/memory/health",
            "get /api/v0/workflows/{id}",
            "get /api/v0/memory/{ref}/read",
            "post /api/v0/auth/keys");
    for (Route r : served) {
      boolean documented = servedBy.values().stream().anyMatch(list -> list.contains(r));
      if (!documented) {
        problems.add(
            "served but not documented: "
                + r.method().toUpperCase(Locale.ROOT)
                + " "
                + r.pattern()
                + " ("
                + r.service()
                + ")");
      }
    }
    assertThat(problems).isEmpty();
  }

  /**
   * {@code GET /} and {@code GET /api/v0} say what the server is and where its parts are, with no
   * key, as Compozy's do.
   */
  @Test
  @Order(1)
  @SuppressWarnings("unchecked")
  void theRootAndTheApiBaseSayWhereEverythingIs() throws Exception {
    for (String path : List.of("/", "/api/v0")) {
      var r = raw(path);
      assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
      Map<String, Object> info = PlatformClient.data(r);
      assertThat(info).containsEntry("name", "Compozy API").containsKey("version");
      String base = "http://127.0.0.1:" + platform.gatewayPort();
      assertThat((Map<String, Object>) info.get("endpoints"))
          .containsEntry("openapi_json", base + "/openapi.json")
          .containsEntry("health", base + "/api/v0/health")
          .containsEntry("api", base + "/api/v0");
    }
    // only the base itself is open: what is under it still needs a key
    assertThat(raw("/api/v0/workflows").statusCode()).isEqualTo(401);
  }

  /**
   * The document the gateway serves is {@code api/openapi.json}, the one the Java client is
   * generated from: a change of the API shows in that file's diff (the served document is written
   * to {@code target/openapi.json} to copy over it when the change is meant).
   */
  @Test
  @Order(2)
  void theServedDocumentIsTheOneTheClientIsGeneratedFrom() throws Exception {
    String served = document();
    Files.writeString(Path.of("target/openapi.json"), served);
    var mapper = new ObjectMapper();
    assertThat(mapper.readTree(served))
        .as(
            "the served document differs from api/openapi.json: if the change is meant, cp"
                + " infra/standalone/target/openapi.json api/openapi.json")
        .isEqualTo(mapper.readTree(Path.of("../../api/openapi.json").toFile()));
  }

  /**
   * The client generated from the document runs what users do: a definition put, read, listed and
   * versioned; an execution started, paused, resumed, signalled to its end and its outputs read;
   * another canceled; a refusal as the client's exception.
   */
  @Test
  @Order(4)
  void theGeneratedClientPutsAWorkflowAndRunsAndSteersItsExecutions() throws Exception {
    var api = new ApiClient();
    api.setScheme("http").setHost("127.0.0.1").setPort(platform.gatewayPort());
    api.setRequestInterceptor(r -> r.header("Authorization", "Bearer " + ADMIN));
    var workflows = new WorkflowsApi(api);
    var executions = new ExecutionsApi(api);
    var workflow =
        api.getObjectMapper()
            .readValue(
                """
                {"id": "client-flow", "tasks": [
                  {"id": "hold", "type": "wait", "wait_for": "go"},
                  {"id": "done", "type": "aggregate", "outputs": {"by": "{{ .tasks.hold.output.signal.payload.by }}"}}],
                 "outputs": {"by": "{{ .tasks.done.output.by }}"}}\
                """,
                Workflow.class);
    workflows.putWorkflow("client-flow", workflow, null);
    assertThat(workflows.getWorkflow("client-flow", null, null).getData().getId())
        .isEqualTo("client-flow");
    assertThat(workflows.listWorkflows(null, null, null, null).getData().getWorkflows())
        .extracting(Workflow::getId)
        .contains("client-flow");
    assertThat(workflows.listWorkflowVersions("client-flow").getData().getVersions()).isNotEmpty();
    // a workflow's parts come back as their kinds, not as maps
    assertThat(workflows.listWorkflowTasks("client-flow").getData().getTasks())
        .extracting(t -> t.getActualInstance().getClass().getSimpleName())
        .containsExactly("WaitTask", "AggregateTask");
    assertThat(
            workflows.getWorkflowTask("client-flow", "hold").getData().getWaitTask().getWaitFor())
        .isEqualTo("go");
    assertThat(new ProjectApi(api).getProject().getData().getName()).isNotBlank();

    // memory operations answer each with its own schema
    var memories = new MemoriesApi(api);
    memories.putMemory(
        "client-notes",
        api.getObjectMapper()
            .readValue(
                """
                {"id": "client-notes", "type": "buffer", "max_messages": 10}\
                """,
                Memory.class),
        null);
    var write =
        new MemoryRequest()
            .key("u1")
            .messages(
                List.of(
                    Map.of("role", "user", "content", "hello there"),
                    Map.of("role", "assistant", "content", "hi")));
    // the execution service learns of the new memory from the resource topic, a moment after the
    // put
    var written =
        Awaitility.await()
            .atMost(Duration.ofSeconds(30))
            .ignoreExceptions()
            .until(() -> memories.writeMemory("client-notes", write).getData(), Objects::nonNull);
    assertThat(written.getCount()).isEqualTo(2);
    assertThat(written.getMessageCount()).isEqualTo(2L);
    assertThat(memories.readMemory("client-notes", "u1").getData())
        .extracting(MemoryMessage::getContent)
        .containsExactly("hello there", "hi");
    var stats = memories.getMemoryStats("client-notes", "u1").getData();
    assertThat(stats.getMaxMessages()).isEqualTo(10);
    assertThat(stats.getRoleDistribution())
        .containsEntry("user", 1L)
        .containsEntry("assistant", 1L);

    String execId =
        executions
            .startWorkflowExecution("client-flow", new StartRequest(), null)
            .getData()
            .getExecId();
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> status(executions, execId).equals("waiting"));
    executions.pauseExecution(execId);
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> status(executions, execId).equals("paused"));
    executions.resumeExecution(execId);
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> status(executions, execId).equals("waiting"));
    executions.signalExecution(
        execId, new SignalRequest().signalName("go").payload(Map.of("by", "ann")));
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> status(executions, execId).equals("success"));
    assertThat(executions.getExecutionOutputs(execId).getData().getOutput())
        .isEqualTo(Map.of("by", "ann"));

    String other =
        executions
            .startWorkflowExecution("client-flow", new StartRequest(), null)
            .getData()
            .getExecId();
    executions.cancelExecution(other);
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> status(executions, other).equals("canceled"));
    assertThatThrownBy(() -> executions.getExecution("exec_nope"))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getCode()).isEqualTo(404));
  }

  private static String status(ExecutionsApi executions, String execId) throws ApiException {
    return executions.getExecution(execId).getData().getStatus().getValue();
  }

  /**
   * Every operation of the OpenAPI document, with each role and with none: never a 5xx, a missing
   * key is 401 (public routes aside), and a role is refused (403) exactly where the role table
   * says: read only reads (and its own keys), users and admin routes only for admin.
   */
  @Test
  @Order(3)
  void everyOperationAnswersEachRoleAsTheRoleTableSays() throws Exception {
    Map<String, String> keys = new LinkedHashMap<>();
    for (String role : List.of("read", "write")) {
      var user =
          admin.call(
              "POST",
              "/users",
              "{\"email\": \"" + role + "-matrix@example.com\", \"role\": \"" + role + "\"}");
      assertThat(user.statusCode()).as(user.body()).isEqualTo(201);
      var key =
          admin.call(
              "POST",
              "/auth/keys",
              "{\"user_id\": \"" + PlatformClient.data(user).get("id") + "\"}");
      keys.put(role, (String) PlatformClient.data(key).get("key"));
    }
    keys.put("admin", ADMIN);
    keys.put("none", null);
    var api = new OpenAPIV3Parser().readContents(document()).getOpenAPI();
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    List<String> wrong = new ArrayList<>();
    int calls = 0;
    for (var path : api.getPaths().entrySet()) {
      String concrete =
          path.getKey()
              .replace("{kind}", "workflows")
              .replace("{execId}", "exec_nope")
              .replaceAll("\\{[^}]+}", "nope-x");
      for (var operation : path.getValue().readOperationsMap().keySet()) {
        String method = operation.name();
        if (concrete.endsWith("/stream") || concrete.contains("/admin/import")) {
          continue; // an endless stream and a zip upload: their own tests cover them
        }
        for (var role : keys.entrySet()) {
          HttpRequest.Builder b =
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + platform.gatewayPort() + concrete))
                  .timeout(Duration.ofSeconds(20))
                  .method(
                      method,
                      method.equals("GET") || method.equals("HEAD") || method.equals("DELETE")
                          ? HttpRequest.BodyPublishers.noBody()
                          : HttpRequest.BodyPublishers.ofString("{}"))
                  .header("Content-Type", "application/json");
          if (role.getValue() != null) {
            b.header("Authorization", "Bearer " + role.getValue());
          }
          int status = http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
          calls++;
          int expected = expectedRefusal(role.getKey(), method, concrete);
          boolean ok =
              status < 500 && (expected == 0 ? status != 401 && status != 403 : status == expected);
          if (!ok) {
            wrong.add(
                role.getKey()
                    + " "
                    + method
                    + " "
                    + concrete
                    + " -> "
                    + status
                    + (expected == 0 ? "" : " (expected " + expected + ")"));
          }
        }
      }
    }
    assertThat(calls).isGreaterThan(100);
    assertThat(wrong).isEmpty();
  }

  /** What the role table refuses a caller of {@code role} (0: nothing). */
  private static int expectedRefusal(String role, String method, String path) {
    boolean open =
        path.equals("/api/v0")
            || path.equals("/api/v0/health")
            || path.startsWith("/api/v0/hooks/");
    if (open) {
      return 0;
    }
    if (role.equals("none")) {
      return 401;
    }
    boolean adminOnly =
        path.startsWith("/api/v0/users")
            || path.startsWith("/api/v0/admin/")
            || path.equals("/api/v0/project/import")
            || path.equals("/api/v0/project/export");
    if (adminOnly) {
      return role.equals("admin") ? 0 : 403;
    }
    boolean ownKeys = path.startsWith("/api/v0/auth/keys");
    // a knowledge base query reads (its text goes in a body)
    boolean reads =
        method.equals("GET")
            || method.equals("HEAD")
            || method.equals("POST") && path.matches("/api/v0/knowledge-bases/[^/]+/query");
    return role.equals("read") && !reads && !ownKeys ? 403 : 0;
  }

  @Test
  @Order(4)
  void thousandsOfRandomAndMalformedRequestsNeverBreakIt() throws Exception {
    var created =
        admin.call(
            "POST",
            "/auth/keys",
            "{\"name\": \"fuzz\", \"rate_limit\": {\"rate\": 100000, \"burst\": 100000}}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String key = (String) PlatformClient.data(created).get("key");
    // the fuzzer holds a write key and may well delete the hello workflow: it is put back after
    var hello = admin.call("GET", "/workflows/my-workflow", null);
    assertThat(hello.statusCode()).isEqualTo(200);
    String helloBody = Json.write(PlatformClient.json(hello).get("data"));
    // and the tools it uses: once the workflow is gone, nothing stops the fuzzer deleting them too
    var tools = admin.call("GET", "/tools", null);
    assertThat(tools.statusCode()).isEqualTo(200);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> toolBodies =
        (List<Map<String, Object>>) PlatformClient.data(tools).get("tools");
    long seed = Long.getLong("fuzz.seed", System.nanoTime());
    Random random = new Random(seed);
    RequestFuzzer fuzzer = new RequestFuzzer(random, key);
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    List<String> failures = new ArrayList<>();
    int sent = 0;
    for (int i = 0; i < 2500 && failures.size() < 5; i++) {
      HttpRequest request = fuzzer.next(platform.gatewayPort());
      if (request == null) {
        continue;
      }
      sent++;
      try {
        HttpResponse<String> r;
        try {
          r = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException stalled) {
          // Reactor Netty can leave a kept-alive connection deaf after some answers (reactor-netty
          // #4361, see CloseAfterErrors): the same request on a new connection must be answered
          System.err.println(
              "keep-alive stall on "
                  + request.method()
                  + " "
                  + request.uri()
                  + "; sent again on a new connection");
          r =
              HttpClient.newBuilder()
                  .version(HttpClient.Version.HTTP_1_1)
                  .connectTimeout(Duration.ofSeconds(5))
                  .build()
                  .send(request, HttpResponse.BodyHandlers.ofString());
        }
        // every service and dependency is up: no 5xx at all is an answer to bad input
        if (r.statusCode() >= 500) {
          failures.add(
              request.method() + " " + request.uri() + " -> " + r.statusCode() + " " + r.body());
        }
      } catch (HttpTimeoutException e) {
        failures.add(request.method() + " " + request.uri() + " -> no answer in time");
      } catch (IOException e) {
        // these requests are well-formed HTTP: a dropped connection is a failure, not an answer,
        // unless it was a kept-alive connection the server had closed meanwhile (a new one answers)
        try {
          var again =
              HttpClient.newBuilder()
                  .version(HttpClient.Version.HTTP_1_1)
                  .connectTimeout(Duration.ofSeconds(5))
                  .build()
                  .send(request, HttpResponse.BodyHandlers.ofString());
          if (again.statusCode() >= 500) {
            failures.add(
                request.method()
                    + " "
                    + request.uri()
                    + " -> "
                    + again.statusCode()
                    + " "
                    + again.body());
          }
        } catch (IOException twice) {
          failures.add(request.method() + " " + request.uri() + " -> connection dropped: " + twice);
        }
      }
    }
    for (String line : RequestFuzzer.RAW_REQUESTS) {
      String status = rawSocket(line);
      if (!status.matches("HTTP/1\\.1 4\\d\\d.*")) {
        failures.add(
            "raw "
                + line.lines().findFirst().orElse("")
                + " -> "
                + (status.isEmpty() ? "closed without an answer" : status));
      }
    }
    assertThat(failures).as("seed " + seed + ", " + sent + " requests").isEmpty();
    assertThat(admin.send("GET", "/health", null).statusCode()).isEqualTo(200);
    for (Map<String, Object> tool : toolBodies) {
      assertThat(admin.call("PUT", "/tools/" + tool.get("id"), Json.write(tool)).statusCode())
          .isIn(200, 201);
    }
    var restored = admin.call("PUT", "/workflows/my-workflow", helloBody);
    assertThat(restored.statusCode()).as(restored.body()).isIn(200, 201);
    // a re-created workflow reaches the execution service through compozy.resources
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                admin
                        .call(
                            "POST",
                            "/workflows/my-workflow/executions",
                            "{\"input\": {\"message\": \"back\"}}")
                        .statusCode()
                    == 202);
    assertThat(admin.runToEnd("my-workflow", "{\"message\": \"still here\"}"))
        .containsEntry("status", "success");
  }

  /**
   * A request refused for its query while its body is still coming gets its 400: the body is read
   * first (answering and closing at once lost the answer to the client, which was still sending:
   * "header parser received no bytes", found by the fuzz test with %00 in a query).
   */
  @Test
  @Order(6)
  void aRefusedQueryWithABigBodyIsAnsweredNotDropped() throws Exception {
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    String body = "{\"input\": {\"message\": \"" + "x".repeat(512 * 1024) + "\"}}";
    for (int i = 0; i < 20; i++) {
      HttpRequest request =
          HttpRequest.newBuilder(
                  URI.create(
                      "http://127.0.0.1:"
                          + platform.gatewayPort()
                          + "/api/v0/workflows/my-workflow/executions?q=a%00b"))
              .header("Authorization", "Bearer " + ADMIN)
              .header("Content-Type", "application/json")
              .timeout(Duration.ofSeconds(20))
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build();
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
      assertThat(r.body()).contains("NUL");
    }
  }

  /**
   * The gateway's own refusals (a bad key, a role that may not, a method no route takes) of a
   * request whose large body is still coming are answered, not reset: the fuzz test lost such
   * answers when the gateway closed the connection before reading the body.
   */
  @Test
  @Order(7)
  void theGatewaysOwnRefusalsOfLargeBodiesAreAnsweredNotDropped() throws Exception {
    var readKey = admin.call("POST", "/auth/keys", "{\"name\": \"reader\", \"role\": \"read\"}");
    assertThat(readKey.statusCode()).as(readKey.body()).isEqualTo(201);
    String reader = (String) PlatformClient.data(readKey).get("key");
    String body = "{\"x\": \"" + "y".repeat(200_000) + "\"}";
    record Refusal(String method, String path, String key, int status) {}
    List<Refusal> refusals =
        List.of(
            new Refusal("POST", "/workflows/", "cpzy_" + "x".repeat(40), 401),
            new Refusal("DELETE", "/users?cursor=ZZZ", reader, 403),
            new Refusal("PUT", "/admin/export?status=whatever", reader, 403),
            new Refusal("FOO", "/workflows", ADMIN, 400));
    for (int i = 0; i < 15; i++) {
      for (Refusal refusal : refusals) {
        HttpClient http =
            HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        HttpRequest request =
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:" + platform.gatewayPort() + "/api/v0" + refusal.path()))
                .header("Authorization", "Bearer " + refusal.key())
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(20))
                .method(refusal.method(), HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> r;
        try {
          r = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
          throw new AssertionError(refusal + " (round " + i + ") got no answer: " + e, e);
        }
        assertThat(r.statusCode()).as(refusal + ": " + r.body()).isEqualTo(refusal.status());
      }
    }
  }

  /**
   * Bad input from one caller is that caller's 4xx: it never opens a breaker that refuses everyone
   * else.
   */
  @Test
  @Order(5)
  void aBurstOfHostileUploadsDoesNotTripABreakerForOtherUsers() throws Exception {
    for (int i = 0; i < 40; i++) {
      var r =
          admin.send(
              "PUT",
              "/workflows/loop-" + i,
              "id: loop-" + i + "\ntasks: &a [*a]\n",
              "Content-Type",
              "application/yaml",
              "Authorization",
              "Bearer " + ADMIN);
      assertThat(r.statusCode()).as(r.body()).isBetween(400, 499);
    }
    // large bodies a service refuses before reading them (an unknown route): it must not close the
    // connection under the gateway while the body is still on its way (that counted as a failure)
    String large = "{\"x\": \"" + "y".repeat(500_000) + "\"}";
    for (int i = 0; i < 30; i++) {
      var r = admin.call("POST", "/workflows/my-workflow/nowhere-" + i, large);
      assertThat(r.statusCode()).as(r.body()).isBetween(400, 499);
      var s =
          admin.call(
              "PUT",
              "/executions/workflows/exec_0190c3a0-0000-7000-8000-000000000000/nowhere",
              large);
      assertThat(s.statusCode()).as(s.body()).isBetween(400, 499);
    }
    for (int i = 0; i < 5; i++) {
      assertThat(admin.call("GET", "/workflows", null).statusCode()).isEqualTo(200);
      assertThat(admin.call("GET", "/executions/workflows", null).statusCode()).isEqualTo(200);
    }
  }

  private static String rawSocket(String request) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", platform.gatewayPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder line = new StringBuilder();
      int c;
      while ((c = in.read()) != -1 && c != '\n') {
        line.append((char) c);
      }
      return line.toString().trim();
    } catch (SocketTimeoutException e) {
      throw new TimeoutException(
          "no answer to a raw request: " + request.lines().findFirst().orElse(""));
    } catch (SocketException e) {
      return "";
    }
  }
}
