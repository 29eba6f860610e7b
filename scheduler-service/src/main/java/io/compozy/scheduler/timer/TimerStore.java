package io.compozy.scheduler.timer;

import io.compozy.contracts.json.Json;
import io.compozy.contracts.message.TimerFired;
import io.compozy.contracts.message.TimerMessage;
import java.time.ZoneOffset;
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

  /** Sets a timer once: a repeated request, even after the timer fired, finds its row and changes nothing. */
  Mono<Void> set(TimerMessage.TimerRequested t) {
    return db.sql("insert into scheduler.timers (timer_id, exec_id, fire_at, payload) values (:id, :exec, :at, :payload::jsonb) "
            + "on conflict (timer_id) do nothing")
        .bind("id", t.timerId()).bind("exec", t.execId()).bind("at", t.fireAt().atOffset(ZoneOffset.UTC))
        .bind("payload", Json.write(t.fired()))
        .then();
  }

  /** Cancels a timer not fired yet (the engine may set the same id again later). */
  Mono<Void> cancel(TimerMessage.TimerCanceled t) {
    return db.sql("delete from scheduler.timers where timer_id = :id and fired_at is null").bind("id", t.timerId()).then();
  }

  /**
   * Marks fired and returns up to {@code limit} due timers. Rows another replica holds are skipped,
   * and the mark commits with the caller's outbox write, so each timer fires once.
   */
  Flux<TimerFired> takeDue(int limit) {
    return db.sql("update scheduler.timers set fired_at = now() where timer_id in (select timer_id from scheduler.timers "
            + "where fired_at is null and fire_at <= now() order by fire_at limit :limit for update skip locked) "
            + "returning payload::text as payload")
        .bind("limit", limit)
        .map(r -> Json.read(r.get("payload", String.class), TimerFired.class))
        .all();
  }

  /** Timers waiting to fire. */
  Mono<Long> count() {
    return db.sql("select count(*) as n from scheduler.timers where fired_at is null").map(r -> r.get("n", Long.class)).one();
  }

  /** Forgets timers fired longer ago than {@code keep}: a request for them that late is not expected. */
  Mono<Long> forgetFired(java.time.Duration keep) {
    return db.sql("delete from scheduler.timers where fired_at < now() - make_interval(secs => :secs)")
        .bind("secs", (double) keep.toSeconds()).fetch().rowsUpdated();
  }

}
