package io.compozy.scheduler.schedule;

import io.compozy.contracts.execution.ExecutionStatus;
import io.compozy.contracts.json.Json;
import io.compozy.support.execution.ExecutionRecords;
import io.compozy.support.sql.SqlValues;
import io.r2dbc.spi.Parameter;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.BadSqlGrammarException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@code scheduler.schedules} and {@code scheduler.schedule_fires}. */
@Component
class ScheduleStore {
  private static final String COLUMNS =
      "s.workflow_id, s.definition_version, s.spec::text as spec, s.override::text as override,"
          + " s.next_run_time, s.fire_at, s.last_run_time, s.last_run_status, s.last_exec_id,"
          + " s.buffered, s.error";
  private final DatabaseClient db;
  private final ExecutionRecords records;

  ScheduleStore(DatabaseClient db, ExecutionRecords records) {
    this.records = records;
    this.db = db;
  }

  /**
   * A schedule row, with the live status of the execution it started last (read from the shared
   * execution record).
   */
  record Row(
      String workflowId,
      long definitionVersion,
      ScheduleSpec definition,
      @Nullable Map<String, Object> override,
      @Nullable Instant nextRunTime,
      @Nullable Instant fireAt,
      @Nullable Instant lastRunTime,
      @Nullable String lastRunStatus,
      @Nullable String lastExecId,
      @Nullable Instant buffered,
      @Nullable String error,
      @Nullable ExecutionStatus execStatus) {

    ScheduleSpec effective() {
      return definition.with(override);
    }

    Row withExecStatus(@Nullable ExecutionStatus status) {
      return new Row(
          workflowId,
          definitionVersion,
          definition,
          override,
          nextRunTime,
          fireAt,
          lastRunTime,
          lastRunStatus,
          lastExecId,
          buffered,
          error,
          status);
    }
  }

  Flux<Row> all() {
    return withStatuses(
        db.sql("select " + COLUMNS + " from scheduler.schedules s order by s.workflow_id")
            .map((r, m) -> row(r))
            .all());
  }

  Mono<Row> one(String workflowId) {
    return withStatuses(
            db.sql("select " + COLUMNS + " from scheduler.schedules s where s.workflow_id = :id")
                .bind("id", workflowId)
                .map((r, m) -> row(r))
                .all())
        .next();
  }

  /**
   * Locks the schedules that are due, or hold a buffered run; other replicas skip them. Call inside
   * a transaction.
   */
  Flux<Row> lockDue(int limit) {
    return withStatuses(
        db.sql(
                "select "
                    + COLUMNS
                    + " from scheduler.schedules s where s.workflow_id in (select workflow_id from"
                    + " scheduler.schedules where fire_at <= now() or buffered is not null order by"
                    + " fire_at nulls last limit :limit for update skip locked)")
            .bind("limit", limit)
            .map((r, m) -> row(r))
            .all());
  }

  /**
   * The rows with the live status of the executions they started last, read from the shared
   * execution record (in the same database); where that cannot be read the status stays unknown and
   * the overlap policies treat the run as ended.
   */
  private Flux<Row> withStatuses(Flux<Row> rows) {
    return rows.collectList()
        .flatMapMany(
            list -> {
              List<String> ids =
                  list.stream().map(Row::lastExecId).filter(Objects::nonNull).toList();
              if (ids.isEmpty()) {
                return Flux.fromIterable(list);
              }
              return records
                  .statuses(ids)
                  .onErrorResume(BadSqlGrammarException.class, e -> Mono.just(Map.of()))
                  .flatMapMany(
                      statuses ->
                          Flux.fromIterable(list)
                              .map(r -> r.withExecStatus(statuses.get(r.lastExecId()))));
            });
  }

  Flux<Map.Entry<String, Long>> versions() {
    return db.sql("select workflow_id, definition_version from scheduler.schedules")
        .map(
            r ->
                Map.entry(
                    r.get("workflow_id", String.class), r.get("definition_version", Long.class)))
        .all();
  }

  /** A new or changed definition: its spec replaces the old, and an override is dropped. */
  Mono<Void> putDefinition(
      String workflowId,
      long version,
      ScheduleSpec spec,
      @Nullable Instant next,
      @Nullable Instant fireAt,
      @Nullable String error) {
    return db.sql(
            "insert into scheduler.schedules (workflow_id, definition_version, spec, override,"
                + " next_run_time, fire_at, error, updated_at) values (:id, :v, :spec::jsonb, null,"
                + " :next, :fire, :error, now()) on conflict (workflow_id) do update set"
                + " definition_version = excluded.definition_version, spec = excluded.spec,"
                + " override = null, next_run_time = excluded.next_run_time, fire_at ="
                + " excluded.fire_at, error = excluded.error, updated_at = now()")
        .bind("id", workflowId)
        .bind("v", version)
        .bind("spec", Json.write(spec))
        .bind("next", time(next))
        .bind("fire", time(fireAt))
        .bind("error", nullable(error))
        .then();
  }

  Mono<Void> setOverride(
      String workflowId,
      @Nullable Map<String, Object> override,
      @Nullable Instant next,
      @Nullable Instant fireAt,
      @Nullable String error) {
    return db.sql(
            "update scheduler.schedules set override = :o::jsonb, next_run_time = :next, fire_at ="
                + " :fire, error = :error, updated_at = now() where workflow_id = :id")
        .bind("id", workflowId)
        .bind("o", override == null || override.isEmpty() ? nullable(null) : Json.write(override))
        .bind("next", time(next))
        .bind("fire", time(fireAt))
        .bind("error", nullable(error))
        .then();
  }

  Mono<Void> delete(String workflowId) {
    return db.sql("delete from scheduler.schedules where workflow_id = :id")
        .bind("id", workflowId)
        .then();
  }

  /** Records a fire; false when that scheduled time has fired already (its key is taken). */
  Mono<Boolean> claim(String fireKey, String workflowId, Instant scheduled, String outcome) {
    return db.sql(
            "insert into scheduler.schedule_fires (fire_key, workflow_id, scheduled_at, outcome)"
                + " values (:k, :wf, :at, :o) on conflict (fire_key) do nothing")
        .bind("k", fireKey)
        .bind("wf", workflowId)
        .bind("at", scheduled.atOffset(ZoneOffset.UTC))
        .bind("o", outcome)
        .fetch()
        .rowsUpdated()
        .map(n -> n > 0);
  }

  Mono<Void> fired(String fireKey, @Nullable String execId, String outcome) {
    return db.sql(
            "update scheduler.schedule_fires set exec_id = :e, outcome = :o where fire_key = :k")
        .bind("k", fireKey)
        .bind("e", nullable(execId))
        .bind("o", outcome)
        .then();
  }

  Mono<Void> afterFire(
      String workflowId,
      @Nullable Instant lastRunTime,
      @Nullable String lastRunStatus,
      @Nullable String lastExecId,
      @Nullable Instant buffered,
      @Nullable Instant next,
      @Nullable Instant fireAt) {
    return db.sql(
            "update scheduler.schedules set last_run_time = :lrt, last_run_status = :lrs,"
                + " last_exec_id = :le, buffered = :b, next_run_time = :next, fire_at = :fire,"
                + " updated_at = now() where workflow_id = :id")
        .bind("id", workflowId)
        .bind("lrt", time(lastRunTime))
        .bind("lrs", nullable(lastRunStatus))
        .bind("le", nullable(lastExecId))
        .bind("b", time(buffered))
        .bind("next", time(next))
        .bind("fire", time(fireAt))
        .then();
  }

  @SuppressWarnings("unchecked")
  private static Row row(io.r2dbc.spi.Readable r) {
    String override = r.get("override", String.class);
    return new Row(
        r.get("workflow_id", String.class),
        r.get("definition_version", Long.class),
        Json.read(r.get("spec", String.class), ScheduleSpec.class),
        override == null ? null : Json.read(override, Map.class),
        instant(r.get("next_run_time", OffsetDateTime.class)),
        instant(r.get("fire_at", OffsetDateTime.class)),
        instant(r.get("last_run_time", OffsetDateTime.class)),
        r.get("last_run_status", String.class),
        r.get("last_exec_id", String.class),
        instant(r.get("buffered", OffsetDateTime.class)),
        r.get("error", String.class),
        null);
  }

  private static @Nullable Instant instant(@Nullable OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }

  private static Parameter time(@Nullable Instant t) {
    return SqlValues.time(t);
  }

  private static Parameter nullable(@Nullable String s) {
    return SqlValues.nullable(s, String.class);
  }
}
