package io.compozy.scheduler.timer;

import io.compozy.contracts.json.Json;
import io.compozy.contracts.message.TimerFired;
import io.compozy.contracts.message.TimerMessage;
import io.compozy.contracts.message.TimerPlan;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@code scheduler.timers}: set (idempotent by timer id), cancel, and take the due ones. */
@Component
class TimerStore {
  private final DatabaseClient db;

  TimerStore(DatabaseClient db) {
    this.db = db;
  }

  /**
   * Applies a batch's net changes: cancellations first (a timer that fired stays, so a late cancel
   * cannot hide that it fired), then requests, each set once: a repeated request, even after the
   * timer fired, finds its row and changes nothing.
   */
  Mono<Void> apply(TimerPlan plan) {
    return apply(plan, Map.of());
  }

  /** {@code traces}: by execution, the span that set its timers, which their firing continues. */
  Mono<Void> apply(TimerPlan plan, Map<String, String> traces) {
    Mono<Void> cancel =
        plan.cancel().isEmpty()
            ? Mono.empty()
            : db.sql("delete from scheduler.timers where timer_id = any(:ids) and fired_at is null")
                .bind("ids", plan.cancel().toArray(String[]::new))
                .then();
    if (plan.set().isEmpty()) {
      return cancel;
    }
    List<TimerMessage.TimerRequested> set = plan.set();
    Mono<Void> insert =
        db.sql(
                "insert into scheduler.timers (timer_id, exec_id, fire_at, payload, traceparent)"
                    + " select t.id, t.exec, t.at::timestamptz, t.payload::jsonb, t.tp from"
                    + " unnest(:ids::text[], :execs::text[], :ats::text[], :payloads::text[],"
                    + " :traces::text[]) as t(id, exec, at, payload, tp) on conflict (timer_id) do"
                    + " nothing")
            .bind(
                "ids",
                set.stream().map(TimerMessage.TimerRequested::timerId).toArray(String[]::new))
            .bind(
                "execs",
                set.stream().map(TimerMessage.TimerRequested::execId).toArray(String[]::new))
            .bind("ats", set.stream().map(t -> t.fireAt().toString()).toArray(String[]::new))
            .bind("payloads", set.stream().map(t -> Json.write(t.fired())).toArray(String[]::new))
            .bind("traces", set.stream().map(t -> traces.get(t.execId())).toArray(String[]::new))
            .then();
    return cancel.then(insert);
  }

  /**
   * Marks fired and returns up to {@code limit} due timers. Rows another replica holds are skipped,
   * and the mark commits with the caller's outbox write, so each timer fires once.
   */
  Flux<Due> takeDue(int limit) {
    return db.sql(
            "update scheduler.timers set fired_at = now() where timer_id in (select timer_id from"
                + " scheduler.timers where fired_at is null and fire_at <= now() order by fire_at"
                + " limit :limit for update skip locked) returning payload::text as payload,"
                + " traceparent, (extract(epoch from now() - fire_at) * 1000)::bigint as late_ms")
        .bind("limit", limit)
        .map(
            r ->
                new Due(
                    Json.read(r.get("payload", String.class), TimerFired.class),
                    Duration.ofMillis(r.get("late_ms", Long.class)),
                    r.get("traceparent", String.class)))
        .all();
  }

  /** A timer taken to fire, how long after its time, and the span that set it. */
  record Due(TimerFired fired, Duration late, @Nullable String traceparent) {}

  /** When the earliest timer waiting to fire is due (empty when none waits). */
  Mono<Instant> earliestPending() {
    return db.sql("select min(fire_at) as at from scheduler.timers where fired_at is null")
        .map(r -> Optional.ofNullable(r.get("at", OffsetDateTime.class)))
        .one()
        .flatMap(at -> Mono.justOrEmpty(at.map(OffsetDateTime::toInstant)));
  }

  /** Timers waiting to fire. */
  Mono<Long> count() {
    return db.sql("select count(*) as n from scheduler.timers where fired_at is null")
        .map(r -> r.get("n", Long.class))
        .one();
  }

  /**
   * Forgets timers fired longer ago than {@code keep}: a request for them that late is not
   * expected.
   */
  Mono<Long> forgetFired(Duration keep) {
    return db.sql(
            "delete from scheduler.timers where fired_at < now() - make_interval(secs => :secs)")
        .bind("secs", (double) keep.toSeconds())
        .fetch()
        .rowsUpdated();
  }
}
