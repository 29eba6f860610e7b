package io.compozy.workflow.store;

import io.compozy.contracts.json.Json;
import io.compozy.support.execution.ExecutionRecords;
import io.compozy.support.outbox.StatementWrites;
import io.compozy.workflow.engine.ExecutionState;
import io.compozy.workflow.engine.TaskState;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Reads and writes {@code engine.executions} and {@code engine.task_states} without a transaction
 * around them: a batch reads the states with their revision ({@link #read}), and its writes ({@link
 * #writes}) apply only if every revision is still the one read and no message of it was applied
 * meanwhile; otherwise the whole statement fails (SQLSTATE 40001). Two consumers meet on one
 * execution only for a moment during a partition rebalance; the one that wrote second retries.
 */
@Component
public class ExecutionStateStore {
  private final DatabaseClient db;

  ExecutionStateStore(DatabaseClient db) {
    this.db = db;
  }

  /** An execution's state as read, its revision, and the definition it runs. */
  public record Loaded(ExecutionState state, long revision, Pin pin) {}

  /** States by execution id, and which of the asked message ids were applied already. */
  public record LoadedBatch(Map<String, Loaded> states, Set<String> applied) {}

  /**
   * The states of the given executions (unknown ids are absent), each with its revision and the
   * definition version it runs, and which of {@code messageIds} {@code consumer} applied already:
   * one query.
   */
  public Mono<LoadedBatch> read(
      String consumer, Collection<String> messageIds, Collection<String> execIds) {
    return db.sql(
            "select exec_id, workflow_id, input::text as input, state::text as state, created_at,"
                + " definition_version, revision, array(select message_id from"
                + " engine.processed_messages where consumer = :c and message_id = any(:mids)) as"
                + " applied from "
                + ExecutionRecords.EXECUTIONS
                + " where exec_id = any(:ids)")
        .bind("c", consumer)
        .bind("mids", messageIds.toArray(String[]::new))
        .bind("ids", execIds.toArray(String[]::new))
        .map(
            (row, meta) ->
                new Row(
                    row.get("exec_id", String.class),
                    row.get("workflow_id", String.class),
                    row.get("input", String.class),
                    row.get("state", String.class),
                    row.get("created_at", OffsetDateTime.class),
                    row.get("definition_version", Long.class),
                    row.get("revision", Long.class),
                    row.get("applied", String[].class)))
        .all()
        .collectList()
        // parsing states is CPU work: not on the event loop the connections share
        .publishOn(Schedulers.parallel())
        .map(
            rows -> {
              Map<String, Loaded> states = new LinkedHashMap<>();
              rows.forEach(r -> states.put(r.execId(), r.loaded()));
              // every row carries the same applied ids (one subquery); no row: nothing to apply
              Set<String> applied =
                  rows.isEmpty() || rows.getFirst().applied() == null
                      ? Set.of()
                      : Set.of(rows.getFirst().applied());
              return new LoadedBatch(states, applied);
            });
  }

  private record Row(
      String execId,
      String workflowId,
      String input,
      @Nullable String state,
      OffsetDateTime createdAt,
      @Nullable Long version,
      long revision,
      String @Nullable [] applied) {
    Loaded loaded() {
      Pin pin = new Pin(workflowId, version);
      if (state != null) {
        return new Loaded(Json.read(state, ExecutionState.class), revision, pin);
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> in = Json.read(input, Map.class);
      return new Loaded(
          ExecutionState.pending(execId, workflowId, in, createdAt.toInstant()), revision, pin);
    }
  }

  /**
   * Which definition each execution runs: the registry version it started with (null before pinning
   * existed).
   */
  public record Pin(String workflowId, @Nullable Long version) {}

  /** The definition an execution started with, as stored with it. */
  public Mono<String> definition(String execId) {
    return db.sql(
            "select definition::text as d from "
                + ExecutionRecords.EXECUTIONS
                + " where exec_id = :id and definition"
                + " is not null")
        .bind("id", execId)
        .map(r -> r.get("d", String.class))
        .one();
  }

  /**
   * The writes of a batch, for one statement with others (the outbox's): the states that changed
   * and the task states that changed in them, a new revision for the executions the batch read but
   * did not change, and the messages {@code consumer} applied. The check fails the statement unless
   * every execution still had the revision read and every message was newly marked.
   */
  public StatementWrites writes(
      List<ExecutionState> changed,
      Map<String, Loaded> read,
      String consumer,
      Collection<String> messageIds) {
    int n = changed.size();
    String[] ids = new String[n],
        statuses = new String[n],
        outputs = new String[n],
        errors = new String[n],
        bodies = new String[n],
        updated = new String[n],
        ended = new String[n],
        usages = new String[n];
    Long[] revisions = new Long[n];
    List<String[]> tasks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ExecutionState s = changed.get(i);
      ids[i] = s.execId();
      revisions[i] = read.get(s.execId()).revision();
      statuses[i] = s.status().wireName();
      outputs[i] = s.output() == null ? null : Json.write(s.output());
      errors[i] = s.error() == null ? null : Json.write(s.error());
      bodies[i] = Json.write(s);
      usages[i] = s.totalUsage() == null ? null : Json.write(s.totalUsage());
      updated[i] = s.updatedAt().toString();
      ended[i] = s.status().isFinished() ? s.updatedAt().toString() : null;
      ExecutionState old = read.get(s.execId()).state();
      s.tasks()
          .forEach(
              (taskId, t) -> {
                if (!t.equals(old.tasks().get(taskId))) {
                  tasks.add(taskRow(s.execId(), t));
                }
              });
    }
    Set<String> changedIds = Set.of(ids);
    List<Loaded> unchanged =
        read.values().stream().filter(l -> !changedIds.contains(l.state().execId())).toList();
    String[] unchangedIds = unchanged.stream().map(l -> l.state().execId()).toArray(String[]::new);
    Long[] unchangedRevisions = unchanged.stream().map(Loaded::revision).toArray(Long[]::new);
    String[][] cols = new String[10][tasks.size()];
    for (int r = 0; r < tasks.size(); r++) {
      for (int c = 0; c < 10; c++) {
        cols[c][r] = tasks.get(r)[c];
      }
    }
    String[] messages = messageIds.toArray(String[]::new);
    return new StatementWrites(
        "executions as (update "
            + ExecutionRecords.EXECUTIONS
            + " e set status = u.status, output = u.output::jsonb,"
            + " error = u.error::jsonb, state = u.state::jsonb, updated_at ="
            + " u.updated_at::timestamptz, ended_at = u.ended_at::timestamptz, usage ="
            + " u.usage::jsonb, revision = e.revision + 1 from unnest(:ids::text[],"
            + " :revisions::bigint[], :statuses::text[], :outputs::text[], :errors::text[],"
            + " :states::text[], :updated::text[], :ended::text[], :usages::text[]) as u(exec_id,"
            + " revision, status, output, error, state, updated_at, ended_at, usage) where"
            + " e.exec_id = u.exec_id and e.revision = u.revision returning 1), unchanged as"
            + " (update "
            + ExecutionRecords.EXECUTIONS
            + " e set revision = e.revision + 1 from"
            + " unnest(:unchanged_ids::text[], :unchanged_revisions::bigint[]) as u(exec_id,"
            + " revision) where e.exec_id = u.exec_id and e.revision = u.revision returning 1),"
            + " tasks as (insert into "
            + ExecutionRecords.TASK_STATES
            + " (exec_id, task_id, status, input, output,"
            + " error, attempts, started_at, ended_at, knowledge) select u.exec_id, u.task_id,"
            + " u.status, u.input::jsonb, u.output::jsonb, u.error::jsonb, u.attempts::int,"
            + " u.started_at::timestamptz, u.ended_at::timestamptz, u.knowledge::jsonb from"
            + " unnest(:c0::text[], :c1::text[], :c2::text[], :c3::text[], :c4::text[],"
            + " :c5::text[], :c6::text[], :c7::text[], :c8::text[], :c9::text[]) as u(exec_id,"
            + " task_id, status, input, output, error, attempts, started_at, ended_at, knowledge)"
            + " on conflict (exec_id, task_id) do update set status = excluded.status, input ="
            + " excluded.input, output = excluded.output, error = excluded.error, attempts ="
            + " excluded.attempts, started_at = excluded.started_at, ended_at = excluded.ended_at,"
            + " knowledge = excluded.knowledge), processed as (insert into"
            + " engine.processed_messages (consumer, message_id) select :consumer,"
            + " unnest(:messages::text[]) on conflict do nothing returning 1)",
        "engine.write_conflict_unless((select count(*) from executions) + (select count(*) from"
            + " unchanged) = :expected_executions and (select count(*) from processed) ="
            + " :expected_messages, 'another consumer changed an execution of this batch or applied"
            + " one of its messages meanwhile')",
        spec ->
            spec.bind("ids", ids)
                .bind("revisions", revisions)
                .bind("statuses", statuses)
                .bind("outputs", outputs)
                .bind("errors", errors)
                .bind("states", bodies)
                .bind("updated", updated)
                .bind("ended", ended)
                .bind("usages", usages)
                .bind("unchanged_ids", unchangedIds)
                .bind("unchanged_revisions", unchangedRevisions)
                .bind("c0", cols[0])
                .bind("c1", cols[1])
                .bind("c2", cols[2])
                .bind("c3", cols[3])
                .bind("c4", cols[4])
                .bind("c5", cols[5])
                .bind("c6", cols[6])
                .bind("c7", cols[7])
                .bind("c8", cols[8])
                .bind("c9", cols[9])
                .bind("consumer", consumer)
                .bind("messages", messages)
                .bind("expected_executions", (long) read.size())
                .bind("expected_messages", (long) messages.length));
  }

  private static String[] taskRow(String execId, TaskState t) {
    return new String[] {
      execId,
      t.path(),
      t.status().wireName(),
      json(t.input()),
      json(t.output()),
      json(t.error()),
      Integer.toString(t.attempt()),
      instant(t.startedAt()),
      instant(t.endedAt()),
      json(t.knowledge())
    };
  }

  private static @Nullable String json(@Nullable Object v) {
    return v == null ? null : Json.write(v);
  }

  private static @Nullable String instant(@Nullable Instant i) {
    return i == null ? null : i.toString();
  }
}
