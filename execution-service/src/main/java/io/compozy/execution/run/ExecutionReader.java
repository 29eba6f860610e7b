package io.compozy.execution.run;

import io.compozy.contracts.execution.StepKind;
import io.compozy.contracts.execution.StepOutcome;
import io.compozy.support.execution.ExecutionRecord;
import io.compozy.support.execution.ExecutionRecords;
import io.compozy.support.problem.ApiProblem;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Reads executions for the API: the shared record through {@link ExecutionRecords}, and for a
 * timeline the runs of each step from this service's own {@code engine.step_runs}.
 */
@Component
class ExecutionReader {
  private final ExecutionRecords records;
  private final DatabaseClient db;

  ExecutionReader(ExecutionRecords records, DatabaseClient db) {
    this.records = records;
    this.db = db;
  }

  /** An execution with its task states. */
  Mono<ExecutionView> read(String execId) {
    return records
        .find(execId)
        .map(ExecutionView::of)
        .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("execution", execId)));
  }

  /**
   * An execution's timeline: its tasks in the order they started, each with the runs of its step.
   */
  Mono<ExecutionTimeline> timeline(String execId) {
    return records
        .find(execId)
        .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("execution", execId)))
        .zipWhen(e -> runs(execId))
        .map(
            t -> {
              ExecutionRecord e = t.getT1();
              Map<String, List<ExecutionTimeline.Run>> runs = t.getT2();
              List<ExecutionTimeline.Task> tasks = new ArrayList<>();
              for (ExecutionRecord.Task task : e.tasks()) {
                tasks.add(
                    new ExecutionTimeline.Task(
                        task.taskId(),
                        task.status(),
                        task.attempts(),
                        task.startedAt(),
                        task.endedAt(),
                        ExecutionTimeline.millis(task.startedAt(), task.endedAt()),
                        runs.getOrDefault(task.taskId(), List.of())));
              }
              return new ExecutionTimeline(
                  e.execId(),
                  e.workflowId(),
                  e.status(),
                  e.createdAt(),
                  e.endedAt(),
                  ExecutionTimeline.millis(e.createdAt(), e.endedAt()),
                  e.traceId(),
                  tasks);
            });
  }

  /** The runs of each task's step, by task, in attempt order. */
  private Mono<Map<String, List<ExecutionTimeline.Run>>> runs(String execId) {
    return db.sql(
            "select task_id, attempt, kind, worker, queued_at, started_at, ended_at, outcome from"
                + " engine.step_runs where exec_id = :id order by task_id, attempt")
        .bind("id", execId)
        .map(
            r -> {
              Instant queued = instant(r, "queued_at");
              Instant started = instant(r, "started_at");
              Instant ended = instant(r, "ended_at");
              return Map.entry(
                  r.get("task_id", String.class),
                  new ExecutionTimeline.Run(
                      r.get("attempt", Integer.class),
                      StepKind.fromLabel(r.get("kind", String.class)),
                      r.get("worker", String.class),
                      queued,
                      started,
                      ended,
                      Math.max(0, ExecutionTimeline.millis(queued, started)),
                      ExecutionTimeline.millis(started, ended),
                      StepOutcome.fromWire(r.get("outcome", String.class))));
            })
        .all()
        .collectMultimap(Map.Entry::getKey, Map.Entry::getValue, LinkedHashMap::new)
        .map(
            byTask -> {
              Map<String, List<ExecutionTimeline.Run>> out = new LinkedHashMap<>();
              byTask.forEach((task, list) -> out.put(task, List.copyOf(list)));
              return out;
            });
  }

  /**
   * One page of executions (without their task states), newest first, and the cursor of the next.
   */
  Mono<Page> list(ExecutionQuery q) {
    boolean newer =
        q.after() != null && q.after().direction() == ExecutionQuery.Cursor.Direction.NEWER;
    // a previous page is read oldest first from the cursor, then turned around: pages are newest
    // first
    return records
        .page(
            new ExecutionRecords.PageQuery(
                q.workflowId(),
                q.status(),
                q.createdAfter(),
                q.createdBefore(),
                q.after() == null ? null : q.after().createdAt(),
                q.after() == null ? null : q.after().execId(),
                newer,
                q.limit() + 1))
        .map(ExecutionView::of)
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
              // newer ones before any page reached through a cursor going older, and past a full
              // backward page
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

  private static @Nullable Instant instant(Readable row, String column) {
    OffsetDateTime t = row.get(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }
}
