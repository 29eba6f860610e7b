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

  Mono<Void> set(TimerMessage.TimerRequested t) {
    return db.sql("insert into scheduler.timers (timer_id, exec_id, fire_at, payload) "
            + "select :id, :exec, :at, :payload::jsonb where not exists (select 1 from scheduler.fired_timers where timer_id = :id) "
            + "on conflict (timer_id) do nothing")
        .bind("id", t.timerId()).bind("exec", t.execId()).bind("at", t.fireAt().atOffset(ZoneOffset.UTC))
        .bind("payload", Json.write(t.fired()))
        .then();
  }

  Mono<Void> cancel(TimerMessage.TimerCanceled t) {
    return db.sql("delete from scheduler.timers where timer_id = :id").bind("id", t.timerId()).then();
  }

  /**
   * Removes and returns up to {@code limit} due timers. Rows another replica holds are skipped, and
   * the delete commits with the caller's outbox write, so each timer fires once.
   */
  Flux<TimerFired> takeDue(int limit) {
    return db.sql("with due as (delete from scheduler.timers where timer_id in (select timer_id from scheduler.timers "
            + "where fire_at <= now() order by fire_at limit :limit for update skip locked) returning timer_id, payload), "
            + "remembered as (insert into scheduler.fired_timers (timer_id) select timer_id from due on conflict do nothing) "
            + "select payload::text as payload from due")
        .bind("limit", limit)
        .map(r -> Json.read(r.get("payload", String.class), TimerFired.class))
        .all();
  }

  Mono<Long> count() {
    return db.sql("select count(*) as n from scheduler.timers").map(r -> r.get("n", Long.class)).one();
  }

}
