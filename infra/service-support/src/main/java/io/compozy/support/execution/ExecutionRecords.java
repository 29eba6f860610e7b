package io.compozy.support.execution;

import io.compozy.contracts.execution.ExecutionStatus;
import io.compozy.contracts.execution.TaskStatus;
import io.compozy.contracts.json.Json;
import io.compozy.support.outbox.StatementWrites;
import io.compozy.support.sql.SqlValues;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The one read contract of the shared execution record: every service that reads an execution reads
 * it here, and this class is the only one that names its tables and columns for reading ({@link
 * #EXECUTIONS} and {@link #TASK_STATES} are what the writers' SQL names).
 */
public final class ExecutionRecords {
  /** The executions table: one row per execution. */
  public static final String EXECUTIONS = "engine.executions";

  /** The task states table: one row per task of an execution, by task path. */
  public static final String TASK_STATES = "engine.task_states";

  private static final String COLUMNS =
      "e.exec_id, e.workflow_id, e.status, e.input::text as input, e.output::text as output,"
          + " e.error::text as error, e.usage::text as usage, e.created_at, e.updated_at,"
          + " e.ended_at, e.trace_id";

  /** The text Postgres raises when a creation reaches it after its deadline. */
  public static final String CREATION_DEADLINE_PASSED = "compozy: start deadline passed";

  private final DatabaseClient db;

  /**
   * A new execution as a start creates it: {@code pending}, with the definition it runs to its end
   * (as JSON, and its registry version) and the trace of the request that started it. Without a
   * definition the orchestrator runs the workflow's current one.
   */
  public record NewExecution(
      String execId,
      String workflowId,
      String workflowVersion,
      @Nullable String definitionJson,
      @Nullable Long definitionVersion,
      String inputJson,
      @Nullable String startTaskId,
      String requestId,
      @Nullable String createdBy,
      Instant createdAt,
      @Nullable String traceId) {}

  /**
   * The creation of an execution, for the outbox's statement (with its start command): refused
   * whole when Postgres gets to it after {@code writeBy}, raising {@link #CREATION_DEADLINE_PASSED}
   * (a start its caller was told failed must not run unseen, or twice when retried).
   */
  public static StatementWrites creation(NewExecution e, Instant writeBy) {
    return new StatementWrites(
        "execution as (insert into "
            + EXECUTIONS
            + " (exec_id, workflow_id, workflow_version, definition, definition_version, status,"
            + " input, start_task_id, request_id, created_by, created_at, updated_at, trace_id)"
            + " values (:id, :wf, :version, :definition::jsonb, :dversion, '"
            + ExecutionStatus.PENDING.wireName()
            + "', :input::jsonb, :task, :rid, :user, :now, :now, :trace))",
        "case when statement_timestamp() <= :deadline then true else ('"
            + CREATION_DEADLINE_PASSED
            + " at ' || statement_timestamp())::boolean end",
        spec ->
            spec.bind("deadline", writeBy.atOffset(ZoneOffset.UTC))
                .bind("id", e.execId())
                .bind("wf", e.workflowId())
                .bind("version", e.workflowVersion())
                .bind("definition", SqlValues.nullable(e.definitionJson(), String.class))
                .bind("dversion", SqlValues.nullable(e.definitionVersion(), Long.class))
                .bind("input", e.inputJson())
                .bind("task", SqlValues.nullable(e.startTaskId(), String.class))
                .bind("rid", e.requestId())
                .bind("user", SqlValues.nullable(e.createdBy(), String.class))
                .bind("now", e.createdAt().atOffset(ZoneOffset.UTC))
                .bind("trace", SqlValues.nullable(e.traceId(), String.class)));
  }

  public ExecutionRecords(DatabaseClient db) {
    this.db = db;
  }

  /** An execution with its task states, in the order they started: one query, one round trip. */
  public Mono<ExecutionRecord> find(String execId) {
    return db.sql(
            "select "
                + COLUMNS
                + ", (select json_agg(json_build_object('task_id', t.task_id, 'status', t.status,"
                + " 'input', t.input, 'output', t.output, 'error', t.error, 'attempts',"
                + " t.attempts, 'started_at', t.started_at, 'ended_at', t.ended_at, 'knowledge',"
                + " t.knowledge) order by t.started_at nulls last, t.task_id) from "
                + TASK_STATES
                + " t where t.exec_id = e.exec_id)::text as tasks from "
                + EXECUTIONS
                + " e where e.exec_id = :id")
        .bind("id", execId)
        .map(r -> record(r, tasks(r.get("tasks", String.class))))
        .one();
  }

  /** An execution without its task states. */
  public Mono<ExecutionRecord> findWithoutTasks(String execId) {
    return db.sql("select " + COLUMNS + " from " + EXECUTIONS + " e where e.exec_id = :id")
        .bind("id", execId)
        .map(r -> record(r, List.of()))
        .one();
  }

  /** An execution's status; empty when there is no such execution. */
  public Mono<ExecutionStatus> status(String execId) {
    return db.sql("select status from " + EXECUTIONS + " where exec_id = :id")
        .bind("id", execId)
        .map(r -> ExecutionStatus.fromWire(r.get("status", String.class)))
        .one();
  }

  /**
   * An execution's status, the row locked for share until the caller's transaction ends: the status
   * cannot move while the caller acts on it.
   */
  public Mono<ExecutionStatus> statusLocked(String execId) {
    return db.sql("select status from " + EXECUTIONS + " where exec_id = :id for share")
        .bind("id", execId)
        .map(r -> ExecutionStatus.fromWire(r.get("status", String.class)))
        .one();
  }

  /** The statuses of the executions of {@code execIds} that exist, by id. */
  public Mono<Map<String, ExecutionStatus>> statuses(Collection<String> execIds) {
    if (execIds.isEmpty()) {
      return Mono.just(Map.of());
    }
    return db.sql("select exec_id, status from " + EXECUTIONS + " where exec_id = any(:ids)")
        .bind("ids", execIds.toArray(String[]::new))
        .map(
            r ->
                Map.entry(
                    r.get("exec_id", String.class),
                    ExecutionStatus.fromWire(r.get("status", String.class))))
        .all()
        .collectMap(Map.Entry::getKey, Map.Entry::getValue);
  }

  /** How many executions are in a status not finished yet, and how old the oldest of them is. */
  public record Unfinished(ExecutionStatus status, long count, long oldestAgeMillis) {}

  /** The unfinished statuses that have executions (the status index makes it cheap). */
  public Flux<Unfinished> unfinished() {
    return db.sql(
            "select status, count(*) as n, coalesce((extract(epoch from now() - min(created_at)) *"
                + " 1000)::bigint, 0) as age from "
                + EXECUTIONS
                + " where status = any(:statuses) group by status")
        .bind(
            "statuses",
            ExecutionStatus.unfinished().stream()
                .map(ExecutionStatus::wireName)
                .toArray(String[]::new))
        .map(
            r ->
                new Unfinished(
                    ExecutionStatus.fromWire(r.get("status", String.class)),
                    r.get("n", Long.class),
                    r.get("age", Long.class)))
        .all();
  }

  /**
   * Which executions a page holds: by workflow, status and creation time, from a cursor (an
   * execution's creation time and id) going older or newer.
   */
  public record PageQuery(
      @Nullable String workflowId,
      @Nullable ExecutionStatus status,
      @Nullable Instant createdAfter,
      @Nullable Instant createdBefore,
      @Nullable Instant cursorAt,
      @Nullable String cursorId,
      boolean newer,
      int limit) {}

  /**
   * Up to {@code limit} executions (without their tasks) in the query's direction from its cursor:
   * newest first going older, oldest first going newer.
   */
  public Flux<ExecutionRecord> page(PageQuery q) {
    StringBuilder sql =
        new StringBuilder("select " + COLUMNS + " from " + EXECUTIONS + " e where true");
    Map<String, Object> binds = new LinkedHashMap<>();
    if (q.workflowId() != null) {
      sql.append(" and workflow_id = :wf");
      binds.put("wf", q.workflowId());
    }
    if (q.status() != null) {
      sql.append(" and status = :status");
      binds.put("status", q.status().wireName());
    }
    if (q.createdAfter() != null) {
      sql.append(" and created_at > :after");
      binds.put("after", q.createdAfter().atOffset(ZoneOffset.UTC));
    }
    if (q.createdBefore() != null) {
      sql.append(" and created_at < :before");
      binds.put("before", q.createdBefore().atOffset(ZoneOffset.UTC));
    }
    if (q.cursorAt() != null && q.cursorId() != null) {
      sql.append(
          q.newer()
              ? " and (created_at, exec_id) > (:cursorAt, :cursorId)"
              : " and (created_at, exec_id) < (:cursorAt, :cursorId)");
      binds.put("cursorAt", q.cursorAt().atOffset(ZoneOffset.UTC));
      binds.put("cursorId", q.cursorId());
    }
    sql.append(
            q.newer()
                ? " order by created_at asc, exec_id asc limit "
                : " order by created_at desc, exec_id desc limit ")
        .append(q.limit());
    DatabaseClient.GenericExecuteSpec spec = db.sql(sql.toString());
    for (var b : binds.entrySet()) {
      spec = spec.bind(b.getKey(), b.getValue());
    }
    return spec.map(r -> record(r, List.of())).all();
  }

  private static ExecutionRecord record(Readable r, List<ExecutionRecord.Task> tasks) {
    return new ExecutionRecord(
        r.get("exec_id", String.class),
        r.get("workflow_id", String.class),
        ExecutionStatus.fromWire(r.get("status", String.class)),
        json(r, "input"),
        json(r, "output"),
        json(r, "error"),
        json(r, "usage"),
        instant(r, "created_at"),
        instant(r, "updated_at"),
        instant(r, "ended_at"),
        r.get("trace_id", String.class),
        tasks);
  }

  private static List<ExecutionRecord.Task> tasks(@Nullable String json) {
    List<ExecutionRecord.Task> tasks = new ArrayList<>();
    if (json == null) {
      return tasks;
    }
    for (Object o : (List<?>) Json.plain(json)) {
      Map<?, ?> t = (Map<?, ?>) o;
      tasks.add(
          new ExecutionRecord.Task(
              (String) t.get("task_id"),
              TaskStatus.fromWire((String) t.get("status")),
              t.get("input"),
              t.get("output"),
              t.get("error"),
              ((Number) t.get("attempts")).intValue(),
              instant((String) t.get("started_at")),
              instant((String) t.get("ended_at")),
              t.get("knowledge")));
    }
    return tasks;
  }

  private static @Nullable Object json(Readable row, String column) {
    String text = row.get(column, String.class);
    return text == null ? null : Json.plain(text);
  }

  private static @Nullable Instant instant(Readable row, String column) {
    OffsetDateTime t = row.get(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  private static @Nullable Instant instant(@Nullable String isoTimestamp) {
    return isoTimestamp == null ? null : OffsetDateTime.parse(isoTimestamp).toInstant();
  }
}
