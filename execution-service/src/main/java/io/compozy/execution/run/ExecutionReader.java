package io.compozy.execution.run;

import io.compozy.contracts.execution.ExecutionStatus;
import io.compozy.contracts.execution.TaskStatus;
import io.compozy.contracts.json.Json;
import io.compozy.support.problem.ApiProblem;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Reads an execution and its task states from Postgres. */
@Component
class ExecutionReader {
  private final DatabaseClient db;

  ExecutionReader(DatabaseClient db) {
    this.db = db;
  }

  /**
   * An execution with its task states: one query (the tasks aggregated as JSON), one round trip.
   */
  Mono<ExecutionView> read(String execId) {
    return db.sql(
            "select exec_id, workflow_id, status, input::text as input, output::text as output,"
                + " error::text as error, usage::text as usage, created_at, updated_at, ended_at,"
                + " trace_id, (select json_agg(json_build_object('task_id', t.task_id, 'status',"
                + " t.status, 'input', t.input, 'output', t.output, 'error', t.error, 'attempts',"
                + " t.attempts, 'started_at', t.started_at, 'ended_at', t.ended_at, 'knowledge',"
                + " t.knowledge) order by t.started_at nulls last, t.task_id) from"
                + " engine.task_states t where t.exec_id = e.exec_id)::text as tasks from"
                + " engine.executions e where exec_id = :id")
        .bind("id", execId)
        .map(
            r ->
                new ExecutionView(
                    r.get("exec_id", String.class),
                    ExecutionStarter.EXECUTIONS_PATH + execId,
                    r.get("workflow_id", String.class),
                    ExecutionStatus.fromWire(r.get("status", String.class)),
                    json(r, "input"),
                    json(r, "output"),
                    json(r, "error"),
                    json(r, "usage"),
                    tasks(r.get("tasks", String.class)),
                    instant(r, "created_at"),
                    instant(r, "updated_at"),
                    instant(r, "ended_at"),
                    r.get("trace_id", String.class)))
        .one()
        .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("execution", execId)));
  }

  /**
   * An execution's timeline: its tasks in the order they started, each with the runs of its step.
   */
  Mono<ExecutionTimeline> timeline(String execId) {
    return db.sql(
            "select e.exec_id, e.workflow_id, e.status, e.created_at, e.ended_at, e.trace_id,"
                + " (select json_agg(json_build_object('task_id', t.task_id, 'status', t.status,"
                + " 'attempts', t.attempts, 'started_at', t.started_at, 'ended_at', t.ended_at,"
                + " 'runs', (select json_agg(json_build_object('attempt', r.attempt, 'kind',"
                + " r.kind, 'worker', r.worker, 'queued_at', r.queued_at, 'started_at',"
                + " r.started_at, 'ended_at', r.ended_at, 'outcome', r.outcome) order by r.attempt)"
                + " from engine.step_runs r where r.exec_id = t.exec_id and r.task_id = t.task_id))"
                + " order by t.started_at nulls last, t.task_id) from engine.task_states t where"
                + " t.exec_id = e.exec_id)::text as tasks from engine.executions e where e.exec_id"
                + " = :id")
        .bind("id", execId)
        .map(
            r -> {
              Instant created = instant(r, "created_at");
              Instant ended = instant(r, "ended_at");
              return new ExecutionTimeline(
                  r.get("exec_id", String.class),
                  r.get("workflow_id", String.class),
                  r.get("status", String.class),
                  created,
                  ended,
                  ExecutionTimeline.millis(created, ended),
                  r.get("trace_id", String.class),
                  timelineTasks(r.get("tasks", String.class)));
            })
        .one()
        .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("execution", execId)));
  }

  private static List<ExecutionTimeline.Task> timelineTasks(@Nullable String json) {
    List<ExecutionTimeline.Task> tasks = new ArrayList<>();
    if (json == null) {
      return tasks;
    }
    for (Object o : (List<?>) Json.plain(json)) {
      Map<?, ?> t = (Map<?, ?>) o;
      List<ExecutionTimeline.Run> runs = new ArrayList<>();
      for (Object ro : t.get("runs") instanceof List<?> l ? l : List.of()) {
        Map<?, ?> r = (Map<?, ?>) ro;
        Instant queued = instant((String) r.get("queued_at"));
        Instant started = instant((String) r.get("started_at"));
        Instant ended = instant((String) r.get("ended_at"));
        runs.add(
            new ExecutionTimeline.Run(
                ((Number) r.get("attempt")).intValue(),
                (String) r.get("kind"),
                (String) r.get("worker"),
                queued,
                started,
                ended,
                Math.max(0, ExecutionTimeline.millis(queued, started)),
                ExecutionTimeline.millis(started, ended),
                (String) r.get("outcome")));
      }
      Instant started = instant((String) t.get("started_at"));
      Instant ended = instant((String) t.get("ended_at"));
      tasks.add(
          new ExecutionTimeline.Task(
              (String) t.get("task_id"),
              (String) t.get("status"),
              ((Number) t.get("attempts")).intValue(),
              started,
              ended,
              ExecutionTimeline.millis(started, ended),
              runs));
    }
    return tasks;
  }

  private static Map<String, ExecutionView.TaskView> tasks(@Nullable String json) {
    Map<String, ExecutionView.TaskView> tasks = new LinkedHashMap<>();
    if (json == null) {
      return tasks;
    }
    for (Object o : (List<?>) Json.plain(json)) {
      Map<?, ?> t = (Map<?, ?>) o;
      tasks.put(
          (String) t.get("task_id"),
          new ExecutionView.TaskView(
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

  private static @Nullable Instant instant(@Nullable String isoTimestamp) {
    return isoTimestamp == null ? null : OffsetDateTime.parse(isoTimestamp).toInstant();
  }

  /**
   * One page of executions (without their task states), newest first, and the cursor of the next.
   */
  Mono<Page> list(ExecutionQuery q) {
    StringBuilder sql =
        new StringBuilder(
            "select exec_id, workflow_id, status, input::text as input, output::text as output,"
                + " error::text as error, usage::text as usage, created_at, updated_at, ended_at"
                + " from engine.executions where true");
    Map<String, Object> binds = new LinkedHashMap<>();
    if (q.workflowId() != null) {
      sql.append(" and workflow_id = :wf");
      binds.put("wf", q.workflowId());
    }
    if (q.status() != null) {
      sql.append(" and status = :status");
      binds.put("status", q.status());
    }
    if (q.createdAfter() != null) {
      sql.append(" and created_at > :after");
      binds.put("after", q.createdAfter().atOffset(ZoneOffset.UTC));
    }
    if (q.createdBefore() != null) {
      sql.append(" and created_at < :before");
      binds.put("before", q.createdBefore().atOffset(ZoneOffset.UTC));
    }
    boolean newer =
        q.after() != null && q.after().direction() == ExecutionQuery.Cursor.Direction.NEWER;
    if (q.after() != null) {
      sql.append(
          newer
              ? " and (created_at, exec_id) > (:cursorAt, :cursorId)"
              : " and (created_at, exec_id) < (:cursorAt, :cursorId)");
      binds.put("cursorAt", q.after().createdAt().atOffset(ZoneOffset.UTC));
      binds.put("cursorId", q.after().execId());
    }
    // a previous page is read oldest first from the cursor, then turned around: pages are newest
    // first
    sql.append(
            newer
                ? " order by created_at asc, exec_id asc limit "
                : " order by created_at desc, exec_id desc limit ")
        .append(q.limit() + 1);
    DatabaseClient.GenericExecuteSpec spec = db.sql(sql.toString());
    for (var b : binds.entrySet()) {
      spec = spec.bind(b.getKey(), b.getValue());
    }
    return spec.map(
            r ->
                new ExecutionView(
                    r.get("exec_id", String.class),
                    ExecutionStarter.EXECUTIONS_PATH + r.get("exec_id", String.class),
                    r.get("workflow_id", String.class),
                    ExecutionStatus.fromWire(r.get("status", String.class)),
                    json(r, "input"),
                    json(r, "output"),
                    json(r, "error"),
                    json(r, "usage"),
                    Map.of(),
                    instant(r, "created_at"),
                    instant(r, "updated_at"),
                    instant(r, "ended_at"),
                    null))
        .all()
        .collectList()
        .map(
            rows -> {
              boolean more = rows.size() > q.limit();
              List<ExecutionView> page = new ArrayList<>(more ? rows.subList(0, q.limit()) : rows);
              if (newer) {
                Collections.reverse(page);
              }
              if (page.isEmpty()) {
                return new Page(page, null, null);
              }
              // older ones exist past a full forward page, and always past a page read backwards;
              // newer ones
              // before any page reached through a cursor going older, and past a full backward page
              boolean older = newer || more;
              boolean newerExist = newer ? more : q.after() != null;
              String next =
                  older ? cursor(page.getLast(), ExecutionQuery.Cursor.Direction.OLDER) : null;
              String prev =
                  newerExist
                      ? cursor(page.getFirst(), ExecutionQuery.Cursor.Direction.NEWER)
                      : null;
              return new Page(page, next, prev);
            });
  }

  private static String cursor(ExecutionView e, ExecutionQuery.Cursor.Direction d) {
    return new ExecutionQuery.Cursor(e.createdAt(), e.execId(), d).encode();
  }

  /**
   * A page, newest first, with the cursors of the older page ({@code next}) and the newer one
   * ({@code prev}).
   */
  record Page(
      List<ExecutionView> executions, @Nullable String nextCursor, @Nullable String prevCursor) {}

  private static @Nullable Object json(Readable row, String column) {
    String text = row.get(column, String.class);
    return text == null ? null : Json.plain(text);
  }

  private static @Nullable Instant instant(Readable row, String column) {
    OffsetDateTime t = row.get(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }
}
