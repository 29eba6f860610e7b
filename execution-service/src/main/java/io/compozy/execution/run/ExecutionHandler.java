package io.compozy.execution.run;

import io.compozy.contracts.execution.ExecutionAction;
import io.compozy.contracts.execution.ExecutionStatus;
import io.compozy.contracts.id.ExecutionIds;
import io.compozy.contracts.schema.Violation;
import io.compozy.support.problem.ApiProblem;
import io.compozy.support.web.ApiResponse;
import io.compozy.support.web.RequestIds;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

/** The executions API of the overview: start a workflow, read an execution, read its outputs. */
@RestController
@RequestMapping("/api/v0")
@Tag(name = "Executions")
class ExecutionHandler {
  private final ExecutionStarter starter;
  private final ExecutionReader reader;
  private final ExecutionViews views;
  private final ExecutionControl control;
  private final SyncWaiter waiter;

  ExecutionHandler(
      ExecutionStarter starter,
      ExecutionReader reader,
      ExecutionViews views,
      ExecutionControl control,
      SyncWaiter waiter) {
    this.starter = starter;
    this.reader = reader;
    this.views = views;
    this.control = control;
    this.waiter = waiter;
  }

  /**
   * Starts and waits for the end (default 60 s, at most 300): 200 with the execution, or 408 with
   * its id when it is still going (it goes on).
   */
  @PostMapping("/workflows/{workflowId}/executions/sync")
  @Operation(
      operationId = "runWorkflowExecution",
      summary = "Starts a workflow and waits for its end (up to its timeout)")
  Mono<ResponseEntity<ApiResponse<ExecutionAnswers.Completed>>> startSync(
      @PathVariable String workflowId,
      @RequestBody StartRequest body,
      @AuthenticationPrincipal(expression = "userId") String userId,
      @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
      ServerWebExchange exchange) {
    Duration timeout = SyncWaiter.timeout(body.timeout());
    String execId = ExecutionIds.next();
    return waiter
        .runToEnd(
            execId,
            () ->
                starter.start(
                    workflowId, body, userId, RequestIds.of(exchange), idempotencyKey, execId),
            timeout)
        .map(
            e ->
                ResponseEntity.ok()
                    .location(URI.create(e.execUrl()))
                    .body(
                        ApiResponse.of(
                            new ExecutionAnswers.Completed(e.execId(), e.status(), e.output(), e),
                            "Workflow execution completed")));
  }

  /** The body of {@code POST /executions/workflows/{id}/signals}. */
  record SignalRequest(@Nullable String signalName, @Nullable Object payload) {}

  @PostMapping("/executions/workflows/{execId}/cancel")
  @Operation(operationId = "cancelExecution", summary = "Asks a workflow execution to cancel (202)")
  @io.swagger.v3.oas.annotations.responses.ApiResponse(
      responseCode = "202",
      description = "Requested")
  Mono<ResponseEntity<ApiResponse<ExecutionAnswers.Accepted>>> cancel(@PathVariable String execId) {
    return control(execId, ExecutionAction.CANCEL);
  }

  @PostMapping("/executions/workflows/{execId}/pause")
  @Operation(operationId = "pauseExecution", summary = "Asks a workflow execution to pause (202)")
  @io.swagger.v3.oas.annotations.responses.ApiResponse(
      responseCode = "202",
      description = "Requested")
  Mono<ResponseEntity<ApiResponse<ExecutionAnswers.Accepted>>> pause(@PathVariable String execId) {
    return control(execId, ExecutionAction.PAUSE);
  }

  @PostMapping("/executions/workflows/{execId}/resume")
  @Operation(operationId = "resumeExecution", summary = "Resumes a paused workflow execution (202)")
  @io.swagger.v3.oas.annotations.responses.ApiResponse(
      responseCode = "202",
      description = "Requested")
  Mono<ResponseEntity<ApiResponse<ExecutionAnswers.Accepted>>> resume(@PathVariable String execId) {
    return control(execId, ExecutionAction.RESUME);
  }

  private Mono<ResponseEntity<ApiResponse<ExecutionAnswers.Accepted>>> control(
      String execId, ExecutionAction action) {
    return control
        .request(checked(execId), action, null, null)
        .map(
            status ->
                accepted(
                    execId,
                    status,
                    "Workflow execution " + action.name().toLowerCase(Locale.ROOT) + " requested"));
  }

  @PostMapping("/executions/workflows/{execId}/signals")
  @Operation(operationId = "signalExecution", summary = "Sends a signal to a workflow execution")
  @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "202", description = "Sent")
  Mono<ResponseEntity<ApiResponse<ExecutionAnswers.Accepted>>> signal(
      @PathVariable String execId, @RequestBody SignalRequest body) {
    if (body.signalName() == null || body.signalName().isBlank()) {
      throw ApiProblem.invalidInput(
          "signal_name is required", List.of(new Violation("/signal_name", "required")));
    }
    return control
        .request(checked(execId), ExecutionAction.SIGNAL, body.signalName(), body.payload())
        .map(status -> accepted(execId, status, "Signal sent"));
  }

  private static ResponseEntity<ApiResponse<ExecutionAnswers.Accepted>> accepted(
      String execId, ExecutionStatus status, String message) {
    return ResponseEntity.status(HttpStatus.ACCEPTED)
        .body(
            ApiResponse.of(
                HttpStatus.ACCEPTED, new ExecutionAnswers.Accepted(execId, status), message));
  }

  @PostMapping("/workflows/{workflowId}/executions")
  @Operation(operationId = "startWorkflowExecution", summary = "Starts a workflow execution (202)")
  @io.swagger.v3.oas.annotations.responses.ApiResponse(
      responseCode = "202",
      description = "Started")
  @io.swagger.v3.oas.annotations.responses.ApiResponse(
      responseCode = "200",
      description = "Already started under this Idempotency-Key")
  Mono<ResponseEntity<ApiResponse<StartedExecution>>> start(
      @PathVariable String workflowId,
      @RequestBody StartRequest body,
      @AuthenticationPrincipal(expression = "userId") String userId,
      @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
      ServerWebExchange exchange) {
    return starter
        .start(workflowId, body, userId, RequestIds.of(exchange), idempotencyKey)
        .map(
            outcome ->
                ResponseEntity.status(outcome.created() ? HttpStatus.ACCEPTED : HttpStatus.OK)
                    .location(URI.create(outcome.execution().execUrl()))
                    .body(
                        ApiResponse.of(
                            outcome.created() ? HttpStatus.ACCEPTED : HttpStatus.OK,
                            outcome.execution(),
                            outcome.created()
                                ? "Workflow execution started successfully"
                                : "Workflow execution already started with this Idempotency-Key")));
  }

  @GetMapping("/executions/workflows")
  @Operation(
      operationId = "listExecutions",
      summary = "Workflow executions, newest first, a page at a time")
  Mono<ResponseEntity<ApiResponse<ExecutionAnswers.Page>>> list(
      @RequestParam(name = "workflow_id", required = false) String workflowId,
      @RequestParam(required = false) String status,
      @RequestParam(name = "created_after", required = false) String createdAfter,
      @RequestParam(name = "created_before", required = false) String createdBefore,
      @Parameter(
              description = "how many (1-500, default 50)",
              schema =
                  @Schema(type = "integer", minimum = "1", maximum = "500", defaultValue = "50"))
          @RequestParam(required = false)
          String limit,
      @RequestParam(required = false) String cursor,
      ServerWebExchange exchange) {
    ExecutionQuery q =
        ExecutionQuery.of(workflowId, status, createdAfter, createdBefore, limit, cursor);
    return reader
        .list(q)
        .map(
            page -> {
              var data =
                  new ExecutionAnswers.Page(
                      page.executions().stream().map(ExecutionAnswers.Summary::of).toList(),
                      new ExecutionAnswers.PageInfo(
                          q.limit(), page.nextCursor(), page.prevCursor()));
              ResponseEntity.BodyBuilder ok = ResponseEntity.ok();
              List<String> links = new ArrayList<>();
              if (page.nextCursor() != null) {
                links.add(
                    "<" + pageUri(exchange, page.nextCursor(), q.limit()) + ">; rel=\"next\"");
              }
              if (page.prevCursor() != null) {
                links.add(
                    "<" + pageUri(exchange, page.prevCursor(), q.limit()) + ">; rel=\"prev\"");
              }
              if (!links.isEmpty()) {
                ok.header("Link", String.join(", ", links));
              }
              return ok.body(ApiResponse.of(data, "Workflow executions retrieved successfully"));
            });
  }

  private static String pageUri(ServerWebExchange exchange, String cursor, int limit) {
    return UriComponentsBuilder.fromPath(exchange.getRequest().getPath().value())
        .query(exchange.getRequest().getURI().getRawQuery())
        .replaceQueryParam("cursor", cursor)
        .replaceQueryParam("limit", limit)
        .build()
        .toUriString();
  }

  @GetMapping("/workflows/{workflowId}/executions")
  @Operation(operationId = "listWorkflowExecutions", summary = "The executions of one workflow")
  Mono<ResponseEntity<ApiResponse<ExecutionAnswers.Page>>> listOfWorkflow(
      @PathVariable String workflowId,
      @RequestParam(required = false) String status,
      @Parameter(
              description = "how many (1-500, default 50)",
              schema =
                  @Schema(type = "integer", minimum = "1", maximum = "500", defaultValue = "50"))
          @RequestParam(required = false)
          String limit,
      @RequestParam(required = false) String cursor,
      ServerWebExchange exchange) {
    return list(workflowId, status, null, null, limit, cursor, exchange);
  }

  @GetMapping("/executions/workflows/{execId}")
  @Operation(operationId = "getExecution", summary = "One workflow execution, with its tasks")
  Mono<ApiResponse<ExecutionView>> get(@PathVariable String execId) {
    return views
        .read(checked(execId))
        .map(e -> ApiResponse.of(e, "Workflow execution retrieved successfully"));
  }

  @GetMapping("/executions/workflows/{execId}/timeline")
  @Operation(
      operationId = "getExecutionTimeline",
      summary =
          "Where an execution's time went: each task with its start, end and attempts, each run of"
              + " its step with its worker, time queued and time run")
  Mono<ApiResponse<ExecutionTimeline>> timeline(@PathVariable String execId) {
    return reader
        .timeline(checked(execId))
        .map(t -> ApiResponse.of(t, "Workflow execution timeline retrieved successfully"));
  }

  @GetMapping("/executions/workflows/{execId}/outputs")
  @Operation(operationId = "getExecutionOutputs", summary = "The outputs of a workflow execution")
  Mono<ApiResponse<ExecutionAnswers.Outputs>> outputs(@PathVariable String execId) {
    return views
        .read(checked(execId))
        .map(
            e -> {
              if (!e.isFinished()) {
                throw ApiProblem.conflict(
                        "execution_not_finished",
                        "execution "
                            + execId
                            + " is "
                            + e.status().wireName()
                            + "; outputs exist once it ends")
                    .with("status", e.status().wireName());
              }
              return ApiResponse.of(
                  new ExecutionAnswers.Outputs(e.execId(), e.status(), e.output(), e.error()),
                  "Workflow execution outputs retrieved successfully");
            });
  }

  private static String checked(String execId) {
    if (!ExecutionIds.isExecutionId(execId)) {
      throw ApiProblem.notFound("execution", execId);
    }
    return execId;
  }
}
