package io.compozy.execution.run;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.compozy.contracts.catalog.ResourceDocument;
import io.compozy.contracts.dsl.ResourceKinds;
import io.compozy.contracts.dsl.WorkflowDef;
import io.compozy.contracts.execution.ExecutionStatus;
import io.compozy.contracts.id.ExecutionIds;
import io.compozy.contracts.json.Json;
import io.compozy.contracts.message.StartExecution;
import io.compozy.contracts.schema.JsonSchemas;
import io.compozy.contracts.schema.Violation;
import io.compozy.contracts.topic.Topics;
import io.compozy.support.catalog.ResourceCatalog;
import io.compozy.support.execution.ExecutionRecords;
import io.compozy.support.outbox.Outbox;
import io.compozy.support.outbox.OutboxMessage;
import io.compozy.support.problem.ApiProblem;
import io.compozy.support.tracing.Traceparents;
import io.compozy.support.web.RequestIds;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.spi.R2dbcException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Starts a workflow execution: validates the input against the workflow's schema (defaults applied
 * first), then writes the {@code pending} row and the StartExecution command in one transaction, so
 * a read right after the answer finds the execution and the command is never lost.
 */
@Component
class ExecutionStarter {
  private static final Logger log = LoggerFactory.getLogger(ExecutionStarter.class);
  static final String EXECUTIONS_PATH = "/api/v0/executions/workflows/";

  /** How long past its Postgres deadline a start's answer may still come back. */
  private static final Duration ANSWER_MARGIN = Duration.ofSeconds(2);

  private final ResourceCatalog catalog;
  private final DatabaseClient db;
  private final ExecutionRecords records;
  private final Outbox outbox;
  private final Cache<String, String> writtenDefinitions =
      Caffeine.newBuilder().maximumSize(1_000).build();
  private final Clock clock;
  private final JsonSchemas schemas = new JsonSchemas();
  private final IdempotencyKeys idempotency;
  private final Duration startDeadline;
  private final StartProperties startProperties;

  private final Meter.MeterProvider<Counter> started;

  ExecutionStarter(
      ResourceCatalog catalog,
      DatabaseClient db,
      ExecutionRecords records,
      Outbox outbox,
      Clock clock,
      IdempotencyKeys idempotency,
      StartProperties properties,
      MeterRegistry meters) {
    this.started =
        Counter.builder("compozy.executions.started")
            .description("executions created, by workflow")
            .withRegistry(meters);
    this.idempotency = idempotency;
    this.startDeadline = properties.deadline();
    this.startProperties = properties;
    this.catalog = catalog;
    this.db = db;
    this.records = records;
    this.outbox = outbox;
    this.clock = clock;
  }

  /**
   * A start's result: the execution, and whether this request created it (false: an idempotent
   * replay).
   */
  record Outcome(StartedExecution execution, boolean created) {}

  Mono<Outcome> start(
      String workflowId,
      StartRequest request,
      @Nullable String userId,
      String requestId,
      @Nullable String idempotencyKey) {
    return start(workflowId, request, userId, requestId, idempotencyKey, ExecutionIds.next());
  }

  Mono<Outcome> start(
      String workflowId,
      StartRequest request,
      @Nullable String userId,
      String requestId,
      @Nullable String idempotencyKey,
      String execId) {
    Optional<WorkflowDef> known = catalog.workflow(workflowId);
    if (known.isPresent()) {
      return start(known.get(), workflowId, request, userId, requestId, idempotencyKey, execId);
    }
    // read-your-writes: a workflow the registry stored a moment ago reaches this service's catalog
    // over Kafka a little later; a start right after the 201 waits for it (briefly) instead of a
    // 404
    return Mono.fromCallable(() -> catalog.awaitWorkflow(workflowId, startProperties.catalogWait()))
        .subscribeOn(Schedulers.boundedElastic())
        .flatMap(
            found ->
                catalog
                    .workflow(workflowId)
                    .map(
                        wf ->
                            start(
                                wf, workflowId, request, userId, requestId, idempotencyKey, execId))
                    .orElseGet(() -> Mono.error(ApiProblem.notFound("workflow", workflowId))));
  }

  private Mono<Outcome> start(
      WorkflowDef wf,
      String workflowId,
      StartRequest request,
      @Nullable String userId,
      String requestId,
      @Nullable String idempotencyKey,
      String execId) {
    Map<String, Object> input = validInput(wf, request);
    if (request.taskId() != null && wf.task(request.taskId()).isEmpty()) {
      throw ApiProblem.invalidInput(
          "task_id '" + request.taskId() + "' is not a task of workflow '" + workflowId + "'",
          List.of(
              new Violation(
                  "/task_id",
                  "no task '" + request.taskId() + "' in workflow '" + workflowId + "'")));
    }
    if (idempotencyKey == null || idempotencyKey.isBlank()) {
      return create(wf, workflowId, request, input, execId, userId, requestId, clock.instant())
          .map(e -> new Outcome(e, true));
    }
    if (idempotencyKey.length() > 255) {
      throw ApiProblem.badRequest(
          "invalid_idempotency_key", "Idempotency-Key is at most 255 characters");
    }
    String key = IdempotencyKeys.redisKey(userId, workflowId, idempotencyKey);
    IdempotencyKeys.Claim mine =
        new IdempotencyKeys.Claim(
            execId,
            IdempotencyKeys.requestHash(input, request.taskId()),
            clock.instant().truncatedTo(ChronoUnit.MICROS));
    return idempotency
        .claim(key, mine)
        .flatMap(
            held -> {
              if (!held.requestHash().equals(mine.requestHash())) {
                return Mono.error(
                    ApiProblem.conflict(
                            "idempotency_conflict",
                            "Idempotency-Key '"
                                + idempotencyKey
                                + "' was used with a different request; it started "
                                + held.execId())
                        .with("exec_id", held.execId()));
              }
              if (!held.execId().equals(execId)) {
                return replay(held.execId())
                    .map(e -> new Outcome(e, false))
                    .switchIfEmpty(
                        Mono.defer(
                            () ->
                                unwritten(
                                    wf,
                                    workflowId,
                                    request,
                                    input,
                                    userId,
                                    requestId,
                                    key,
                                    held,
                                    mine)));
              }
              return createClaimed(wf, workflowId, request, input, userId, requestId, key, mine);
            });
  }

  /**
   * The key is ours: create the execution by the claim's deadline, and free the key again if that
   * fails.
   */
  private Mono<Outcome> createClaimed(
      WorkflowDef wf,
      String workflowId,
      StartRequest request,
      Map<String, Object> input,
      @Nullable String userId,
      String requestId,
      String key,
      IdempotencyKeys.Claim mine) {
    return create(
            wf, workflowId, request, input, mine.execId(), userId, requestId, mine.claimedAt())
        .map(e -> new Outcome(e, true))
        .onErrorResume(err -> idempotency.release(key).then(Mono.error(err)));
  }

  /**
   * The key is claimed, its execution not written: the request that claimed it is still at work, or
   * its instance died. Its execution can be written only until the claim's start deadline; past it,
   * the key is taken over and this request starts the execution. Before it: 409, retry when the
   * deadline has passed.
   */
  private Mono<Outcome> unwritten(
      WorkflowDef wf,
      String workflowId,
      StartRequest request,
      Map<String, Object> input,
      @Nullable String userId,
      String requestId,
      String key,
      IdempotencyKeys.Claim held,
      IdempotencyKeys.Claim mine) {
    Instant writableUntil = held.claimedAt().plus(startDeadline).plus(ANSWER_MARGIN);
    Instant now = clock.instant();
    if (now.isAfter(writableUntil)) {
      return idempotency
          .takeOver(key, held, mine)
          .flatMap(
              won ->
                  won
                      ? createClaimed(wf, workflowId, request, input, userId, requestId, key, mine)
                      : Mono.error(inProgress(1)));
    }
    return Mono.error(
        inProgress(Math.max(1, Duration.between(now, writableUntil).toSeconds() + 1)));
  }

  private static ApiProblem inProgress(long retryAfter) {
    int retryAfterSeconds = (int) Math.min(retryAfter, 60);
    return new ApiProblem(
        HttpStatus.CONFLICT,
        "idempotency_in_progress",
        "Conflict",
        "a request with this Idempotency-Key is still being processed; retry",
        Map.of("retry_after", retryAfterSeconds));
  }

  /**
   * Starts a definition that is not in the registry (a single agent call made into a one-task
   * workflow): it is stored with the execution, which is how the orchestrator finds it.
   */
  Mono<Outcome> startDefinition(
      WorkflowDef wf, Map<String, Object> input, String requestId, String execId) {
    return create(
            wf,
            wf.id(),
            new StartRequest(input, null, null),
            input,
            execId,
            null,
            requestId,
            clock.instant())
        .map(e -> new Outcome(e, true));
  }

  /** The execution an idempotent replay points to, as it stands now. */
  private Mono<StartedExecution> replay(String execId) {
    return records
        .findWithoutTasks(execId)
        .map(
            e ->
                new StartedExecution(
                    execId,
                    EXECUTIONS_PATH + execId,
                    e.workflowId(),
                    e.status(),
                    e.createdAt(),
                    e.updatedAt()));
    // empty: the key was claimed but its execution is not written (yet)
  }

  /**
   * Writes the execution and its start command, unless {@code since} + the start deadline has
   * passed when Postgres gets to it (an idempotent start counts from its claim, so a claim whose
   * execution was not written by then never will be, and may be taken over).
   */
  private Mono<StartedExecution> create(
      WorkflowDef wf,
      String workflowId,
      StartRequest request,
      Map<String, Object> input,
      String execId,
      @Nullable String userId,
      String requestId,
      Instant since) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    StartExecution command =
        new StartExecution("start:" + execId, execId, workflowId, input, request.taskId(), now);
    // the execution runs this definition to its end, whatever later changes to the workflow
    long definitionVersion =
        catalog
            .document(ResourceKinds.WORKFLOW, workflowId)
            .map(ResourceDocument::version)
            .orElse(0L);
    // one statement writes the execution and its start command (atomic without a transaction),
    // and the command goes to Kafka as soon as it returns
    Mono<Void> write =
        Mono.deferContextual(
            context ->
                outbox.appendWith(
                    ExecutionRecords.creation(
                        new ExecutionRecords.NewExecution(
                            execId,
                            workflowId,
                            wf.version() == null ? "" : wf.version(),
                            definitionJson(wf, workflowId, definitionVersion),
                            definitionVersion,
                            Json.write(input),
                            request.taskId(),
                            requestId,
                            userId,
                            now,
                            // the trace of the request that starts it: the start command
                            // continues it (the outbox reads the same context)
                            Traceparents.traceId(Traceparents.of(context))),
                        since.plus(startDeadline)),
                    List.of(
                        new OutboxMessage(
                            Topics.COMMANDS, execId, command.messageId(), Json.write(command)))));
    return write
        // answered in time or not at all: past the deadline Postgres refuses it (above)
        .timeout(startDeadline.plus(ANSWER_MARGIN))
        .onErrorMap(
            e -> isDeadline(e),
            e ->
                ApiProblem.unavailable(
                    "postgres",
                    "the execution could not be stored in time and was not started; retry (with an"
                        + " Idempotency-Key to be safe)"))
        .doOnSuccess(
            v -> {
              try (var ignored = RequestIds.inLogs(requestId)) {
                log.info("execution {} of workflow {} accepted", execId, workflowId);
              }
              started.withTag("workflow", workflowId).increment();
            })
        .thenReturn(
            new StartedExecution(
                execId, EXECUTIONS_PATH + execId, workflowId, ExecutionStatus.PENDING, now, now));
  }

  /**
   * The answer did not come in time, or Postgres refused the start for its deadline (the check's
   * error).
   */
  private static boolean isDeadline(Throwable e) {
    if (e instanceof TimeoutException) {
      return true;
    }
    // Postgres's own error, not a wrapper whose message quotes the statement (it holds the text
    // too)
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof R2dbcException
          && String.valueOf(t.getMessage())
              .contains("\"" + ExecutionRecords.CREATION_DEADLINE_PASSED)) {
        return true;
      }
    }
    return false;
  }

  /** The definition as stored with each execution: written once per version, not once per start. */
  private String definitionJson(WorkflowDef wf, String workflowId, long version) {
    return version == 0
        ? Json.write(wf)
        : writtenDefinitions.get(workflowId + "@" + version, k -> Json.write(wf));
  }

  private Map<String, Object> validInput(WorkflowDef wf, StartRequest request) {
    if (request.input() != null && !(request.input() instanceof Map<?, ?>)) {
      throw ApiProblem.invalidInput(
          "input must be a JSON object", List.of(new Violation("/input", "must be an object")));
    }
    Map<String, Object> input = request.inputOrEmpty();
    Map<String, Object> schema = wf.inputSchema(catalog::schema).orElse(null);
    if (schema == null) {
      return input;
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> withDefaults = (Map<String, Object>) schemas.applyDefaults(schema, input);
    List<Violation> violations = schemas.validate(schema, withDefaults, "/input");
    if (!violations.isEmpty()) {
      throw ApiProblem.invalidInput(
          "input does not match the schema of workflow '" + wf.id() + "'", violations);
    }
    return withDefaults;
  }
}
