package io.compozy.workflow.store;

import io.compozy.contracts.json.Json;
import io.compozy.workflow.engine.ExecutionState;
import io.compozy.workflow.engine.TaskState;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Reads and writes {@code engine.executions} and {@code engine.task_states}. Every method runs in
 * the caller's transaction; {@link #lock} takes row locks so two consumers never interleave on one
 * execution (which can happen for a moment during a partition rebalance).
 */
@Component
public class ExecutionStateStore {
  private final DatabaseClient db;

  ExecutionStateStore(DatabaseClient db) {
    this.db = db;
  }

  /** An execution's state, locked, with the definition it runs. */
  public record Locked(ExecutionState state, Pin pin) {}

  /** Locked states by execution id, and which of the asked message ids were applied already. */
  public record LockedBatch(Map<String, Locked> states, Set<String> applied) {}

  /**
   * The states of the given executions, locked for update (unknown ids are absent), each with the
   * definition version it runs, and which of {@code messageIds} {@code consumer} applied already:
   * one query. The applied ids are read when the statement starts; a consumer that applies one of
   * them meanwhile is caught when this batch marks them applied ({@link #write}).
   */
  public Mono<LockedBatch> lock(String consumer, Collection<String> messageIds, Collection<String> execIds) {
    return db.sql("select exec_id, workflow_id, input::text as input, state::text as state, created_at, definition_version, "
            + "array(select message_id from engine.processed_messages where consumer = :c and message_id = any(:mids)) as applied "
            + "from engine.executions where exec_id = any(:ids) order by exec_id for update")
        .bind("c", consumer)
        .bind("mids", messageIds.toArray(String[]::new))
        .bind("ids", execIds.toArray(String[]::new))
        .map((row, meta) -> new Row(row.get("exec_id", String.class), row.get("workflow_id", String.class), row.get("input", String.class),
            row.get("state", String.class), row.get("created_at", OffsetDateTime.class), row.get("definition_version", Long.class),
            row.get("applied", String[].class)))
        .all()
        .collectList()
        // parsing states is CPU work: not on the event loop the connections share
        .publishOn(Schedulers.parallel())
        .map(rows -> {
          Map<String, Locked> states = new java.util.LinkedHashMap<>();
          rows.forEach(r -> states.put(r.execId(), r.locked()));
          // every row carries the same applied ids (one subquery); no row: nothing to apply
          Set<String> applied = rows.isEmpty() || rows.getFirst().applied() == null ? Set.of() : Set.of(rows.getFirst().applied());
          return new LockedBatch(states, applied);
        });
  }

  private record Row(String execId, String workflowId, String input, @Nullable String state, OffsetDateTime createdAt, @Nullable Long version,
      String @Nullable [] applied) {
    Locked locked() {
      Pin pin = new Pin(workflowId, version);
      if (state != null) {
        return new Locked(Json.read(state, ExecutionState.class), pin);
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> in = Json.read(input, Map.class);
      return new Locked(ExecutionState.pending(execId, workflowId, in, createdAt.toInstant()), pin);
    }
  }

  /** Which definition each execution runs: the registry version it started with (null before pinning existed). */
  public record Pin(String workflowId, @Nullable Long version) {}

  /** The definition an execution started with, as stored with it. */
  public Mono<String> definition(String execId) {
    return db.sql("select definition::text as d from engine.executions where exec_id = :id and definition is not null")
        .bind("id", execId).map(r -> r.get("d", String.class)).one();
  }

  /**
   * Writes new states, the task states that changed, and marks the messages applied by
   * {@code consumer}: one statement (three writes in CTEs), one round trip. Tells how many of the
   * messages were newly marked: fewer than given means another consumer applied some meanwhile.
   */
  public Mono<Long> write(List<ExecutionState> states, Map<String, ExecutionState> before, String consumer, Collection<String> messageIds) {
    int n = states.size();
    String[] ids = new String[n], statuses = new String[n], outputs = new String[n], errors = new String[n],
        bodies = new String[n], updated = new String[n], ended = new String[n], usages = new String[n];
    List<String[]> tasks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ExecutionState s = states.get(i);
      ids[i] = s.execId();
      statuses[i] = s.status().wireName();
      outputs[i] = s.output() == null ? null : Json.write(s.output());
      errors[i] = s.error() == null ? null : Json.write(s.error());
      bodies[i] = Json.write(s);
      usages[i] = s.totalUsage() == null ? null : Json.write(s.totalUsage());
      updated[i] = s.updatedAt().toString();
      ended[i] = s.status().isFinished() ? s.updatedAt().toString() : null;
      ExecutionState old = before.get(s.execId());
      s.tasks().forEach((taskId, t) -> {
        if (old == null || !t.equals(old.tasks().get(taskId))) {
          tasks.add(taskRow(s.execId(), t));
        }
      });
    }
    String[][] cols = new String[9][tasks.size()];
    for (int r = 0; r < tasks.size(); r++) {
      for (int c = 0; c < 9; c++) {
        cols[c][r] = tasks.get(r)[c];
      }
    }
    // data-modifying CTEs run to completion whether or not the outer query reads them
    return db.sql("with executions as (update engine.executions e set status = u.status, output = u.output::jsonb, "
            + "error = u.error::jsonb, state = u.state::jsonb, updated_at = u.updated_at::timestamptz, "
            + "ended_at = u.ended_at::timestamptz, usage = u.usage::jsonb "
            + "from unnest(:ids::text[], :statuses::text[], :outputs::text[], :errors::text[], :states::text[], "
            + ":updated::text[], :ended::text[], :usages::text[]) as u(exec_id, status, output, error, state, updated_at, ended_at, usage) "
            + "where e.exec_id = u.exec_id), "
            + "tasks as (insert into engine.task_states (exec_id, task_id, status, input, output, error, attempts, started_at, ended_at) "
            + "select u.exec_id, u.task_id, u.status, u.input::jsonb, u.output::jsonb, u.error::jsonb, u.attempts::int, "
            + "u.started_at::timestamptz, u.ended_at::timestamptz "
            + "from unnest(:c0::text[], :c1::text[], :c2::text[], :c3::text[], :c4::text[], :c5::text[], :c6::text[], :c7::text[], :c8::text[]) "
            + "as u(exec_id, task_id, status, input, output, error, attempts, started_at, ended_at) "
            + "on conflict (exec_id, task_id) do update set status = excluded.status, input = excluded.input, "
            + "output = excluded.output, error = excluded.error, attempts = excluded.attempts, "
            + "started_at = excluded.started_at, ended_at = excluded.ended_at), "
            + "processed as (insert into engine.processed_messages (consumer, message_id) select :consumer, unnest(:messages::text[]) "
            + "on conflict do nothing returning 1) "
            + "select count(*) as marked from processed")
        .bind("ids", ids).bind("statuses", statuses).bind("outputs", outputs).bind("errors", errors)
        .bind("states", bodies).bind("updated", updated).bind("ended", ended).bind("usages", usages)
        .bind("c0", cols[0]).bind("c1", cols[1]).bind("c2", cols[2]).bind("c3", cols[3]).bind("c4", cols[4])
        .bind("c5", cols[5]).bind("c6", cols[6]).bind("c7", cols[7]).bind("c8", cols[8])
        .bind("consumer", consumer).bind("messages", messageIds.toArray(String[]::new))
        .map(r -> r.get("marked", Long.class))
        .one();
  }

  private static String[] taskRow(String execId, TaskState t) {
    return new String[] {
      execId, t.path(), t.status().wireName(), json(t.input()), json(t.output()), json(t.error()),
      Integer.toString(t.attempt()), instant(t.startedAt()), instant(t.endedAt())
    };
  }

  private static @Nullable String json(@Nullable Object v) {
    return v == null ? null : Json.write(v);
  }

  private static @Nullable String instant(@Nullable Instant i) {
    return i == null ? null : i.toString();
  }
}
