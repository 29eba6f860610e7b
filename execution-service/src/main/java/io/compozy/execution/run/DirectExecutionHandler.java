package io.compozy.execution.run;

import io.compozy.contracts.dsl.ResourceKinds;
import io.compozy.contracts.dsl.SchemaRefs;
import io.compozy.contracts.dsl.WorkflowDef;
import io.compozy.contracts.execution.ExecutionStatus;
import io.compozy.contracts.id.ExecutionIds;
import io.compozy.contracts.json.Json;
import io.compozy.contracts.schema.JsonSchemas;
import io.compozy.contracts.schema.Violation;
import io.compozy.support.catalog.ResourceCatalog;
import io.compozy.support.problem.ApiProblem;
import io.compozy.support.web.ApiResponse;
import io.compozy.support.web.RequestIds;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Agents and stored tasks run on their own: {@code POST /agents/{id}/executions[/sync]} and {@code
 * POST /tasks/{id}/executions[/sync]} with {@code {with, action?, prompt?, timeout?}}, read back at
 * {@code /executions/agents/{exec_id}} and {@code /executions/tasks/{exec_id}} (and their {@code
 * /stream}). Each runs as a one-task workflow execution, so control, events and streams are the
 * same.
 */
@RestController
@RequestMapping("/api/v0")
@Tag(name = "Executions")
class DirectExecutionHandler {
  private final ResourceCatalog catalog;
  private final ExecutionStarter starter;
  private final ExecutionViews views;
  private final SyncWaiter waiter;
  private final JsonSchemas schemas = new JsonSchemas();

  DirectExecutionHandler(
      ResourceCatalog catalog, ExecutionStarter starter, ExecutionViews views, SyncWaiter waiter) {
    this.catalog = catalog;
    this.starter = starter;
    this.views = views;
    this.waiter = waiter;
  }

  /**
   * The body: the input ({@code with}), for agents an {@code action} and/or {@code prompt}, and the
   * sync {@code timeout}.
   */
  record DirectRequest(
      @Nullable Object with,
      @Nullable Object action,
      @Nullable Object prompt,
      @Nullable Integer timeout) {}

  @PostMapping("/agents/{agentId}/executions")
  @Operation(operationId = "startAgentExecution", summary = "Runs an agent on its own (202)")
  @io.swagger.v3.oas.annotations.responses.ApiResponse(
      responseCode = "202",
      description = "Started")
  Mono<ResponseEntity<ApiResponse<DirectStarted>>> startAgent(
      @PathVariable String agentId, @RequestBody DirectRequest body, ServerWebExchange exchange) {
    return start("agents", agentDefinition(agentId, body), exchange);
  }

  @PostMapping("/agents/{agentId}/executions/sync")
  @Operation(
      operationId = "runAgentExecution",
      summary = "Runs an agent on its own and waits for its answer")
  Mono<ResponseEntity<ApiResponse<DirectCompleted>>> runAgent(
      @PathVariable String agentId, @RequestBody DirectRequest body, ServerWebExchange exchange) {
    return run("agents", agentDefinition(agentId, body), body, exchange);
  }

  @PostMapping("/tasks/{taskId}/executions")
  @Operation(operationId = "startTaskExecution", summary = "Runs a task on its own (202)")
  @io.swagger.v3.oas.annotations.responses.ApiResponse(
      responseCode = "202",
      description = "Started")
  Mono<ResponseEntity<ApiResponse<DirectStarted>>> startTask(
      @PathVariable String taskId, @RequestBody DirectRequest body, ServerWebExchange exchange) {
    return start("tasks", taskDefinition(taskId, body), exchange);
  }

  @PostMapping("/tasks/{taskId}/executions/sync")
  @Operation(
      operationId = "runTaskExecution",
      summary = "Runs a task on its own and waits for its answer")
  Mono<ResponseEntity<ApiResponse<DirectCompleted>>> runTask(
      @PathVariable String taskId, @RequestBody DirectRequest body, ServerWebExchange exchange) {
    return run("tasks", taskDefinition(taskId, body), body, exchange);
  }

  @GetMapping("/executions/agents/{execId}")
  @Operation(operationId = "getAgentExecution", summary = "One agent execution")
  Mono<ApiResponse<ExecutionView>> getAgent(@PathVariable String execId) {
    return read(execId, OneTaskWorkflows.AGENT, "agent execution");
  }

  @GetMapping("/executions/tasks/{execId}")
  @Operation(operationId = "getTaskExecution", summary = "One task execution")
  Mono<ApiResponse<ExecutionView>> getTask(@PathVariable String execId) {
    return read(execId, OneTaskWorkflows.TASK, "task execution");
  }

  private WorkflowDef agentDefinition(String agentId, DirectRequest body) {
    if (catalog.agent(agentId).isEmpty()) {
      throw ApiProblem.notFound("agent", agentId);
    }
    List<Violation> problems = new ArrayList<>(withProblems(body));
    if (body.action() != null && !(body.action() instanceof String)) {
      problems.add(new Violation("/action", "must be the id of one of the agent's actions"));
    }
    if (body.prompt() != null && !(body.prompt() instanceof String)) {
      problems.add(new Violation("/prompt", "must be a string"));
    }
    if (body.action() == null && body.prompt() == null) {
      problems.add(new Violation("/action", "give an `action`, a `prompt`, or both"));
    }
    Map<String, Object> with = with(body);
    if (body.action() instanceof String a) {
      var action = catalog.agent(agentId).get().action(a);
      if (action.isEmpty()) {
        problems.add(new Violation("/action", "agent '" + agentId + "' has no action '" + a + "'"));
      } else if (action.get().input() != null && problems.isEmpty()) {
        with = withDefaults(action.get().input(), with == null ? Map.of() : with);
        problems.addAll(schemas.validate(action.get().input(), with, "/with"));
      }
    }
    if (!problems.isEmpty()) {
      throw ApiProblem.invalidInput("the agent call is not valid", problems);
    }
    return OneTaskWorkflows.agent(agentId, (String) body.action(), (String) body.prompt(), with);
  }

  @SuppressWarnings("unchecked")
  private WorkflowDef taskDefinition(String taskId, DirectRequest body) {
    Map<String, Object> stored =
        catalog
            .document(ResourceKinds.TASK, taskId)
            .map(d -> (Map<String, Object>) Json.MAPPER.convertValue(d.body(), Map.class))
            .orElseThrow(() -> ApiProblem.notFound("task", taskId));
    List<Violation> problems = new ArrayList<>(withProblems(body));
    Map<String, Object> given = with(body);
    Object schemaRef = stored.get("input");
    if (schemaRef != null && problems.isEmpty()) {
      Map<String, Object> schema =
          SchemaRefs.resolve(schemaRef, null, catalog::schema).orElse(null);
      if (schema == null) {
        problems.add(
            new Violation("/with", "the task's input schema '" + schemaRef + "' is not defined"));
      } else {
        Map<String, Object> with = new LinkedHashMap<>();
        if (stored.get("with") instanceof Map<?, ?> own) {
          // the task's own values that are not templates count too; the caller's win
          own.forEach(
              (k, v) -> {
                if (!(v instanceof String text && text.contains("{{"))) {
                  with.put(String.valueOf(k), v);
                }
              });
        }
        if (given != null) {
          with.putAll(given);
        }
        given = withDefaults(schema, with);
        problems.addAll(schemas.validate(schema, given, "/with"));
      }
    }
    if (!problems.isEmpty()) {
      throw ApiProblem.invalidInput("the task run is not valid", problems);
    }
    return OneTaskWorkflows.task(taskId, stored, given);
  }

  /**
   * The schema's defaults filled in where {@code with} leaves a property out (before it is checked
   * and run).
   */
  @SuppressWarnings("unchecked")
  private Map<String, Object> withDefaults(Map<String, ?> schema, Map<String, Object> with) {
    return (Map<String, Object>) schemas.applyDefaults(schema, with);
  }

  private static List<Violation> withProblems(DirectRequest body) {
    return body.with() != null && !(body.with() instanceof Map<?, ?>)
        ? List.of(new Violation("/with", "must be an object"))
        : List.of();
  }

  @SuppressWarnings("unchecked")
  private static @Nullable Map<String, Object> with(DirectRequest body) {
    return body.with() instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
  }

  /** An agent or task run started on its own. */
  record DirectStarted(String execId, String execUrl, ExecutionStatus status) {}

  /** An agent or task run's end. */
  record DirectCompleted(
      String execId,
      ExecutionStatus status,
      @Nullable Object output,
      @Nullable Object error,
      @Nullable Object usage) {}

  private Mono<ResponseEntity<ApiResponse<DirectStarted>>> start(
      String kind, WorkflowDef wf, ServerWebExchange exchange) {
    String execId = ExecutionIds.next();
    return starter
        .startDefinition(wf, Map.of(), RequestIds.of(exchange), execId)
        .map(
            outcome -> {
              String url = "/api/v0/executions/" + kind + "/" + execId;
              return ResponseEntity.accepted()
                  .location(URI.create(url))
                  .body(
                      ApiResponse.of(
                          HttpStatus.ACCEPTED,
                          new DirectStarted(execId, url, outcome.execution().status()),
                          "Execution started successfully"));
            });
  }

  private Mono<ResponseEntity<ApiResponse<DirectCompleted>>> run(
      String kind, WorkflowDef wf, DirectRequest body, ServerWebExchange exchange) {
    Duration timeout = SyncWaiter.timeout(body.timeout());
    String execId = ExecutionIds.next();
    return waiter
        .runToEnd(
            execId,
            () -> starter.startDefinition(wf, Map.of(), RequestIds.of(exchange), execId),
            timeout)
        .map(
            e ->
                ResponseEntity.ok()
                    .location(URI.create("/api/v0/executions/" + kind + "/" + execId))
                    .body(
                        ApiResponse.of(
                            new DirectCompleted(
                                e.execId(), e.status(), e.output(), e.error(), e.usage()),
                            "Execution completed")));
  }

  private Mono<ApiResponse<ExecutionView>> read(String execId, String prefix, String word) {
    if (!ExecutionIds.isExecutionId(execId)) {
      return Mono.error(ApiProblem.notFound(word.replace(' ', '_'), execId));
    }
    return views
        .read(execId)
        .filter(e -> e.workflowId().startsWith(prefix))
        .switchIfEmpty(Mono.error(() -> ApiProblem.notFound(word.replace(' ', '_'), execId)))
        .map(e -> ApiResponse.of(e, "Execution retrieved successfully"));
  }
}
