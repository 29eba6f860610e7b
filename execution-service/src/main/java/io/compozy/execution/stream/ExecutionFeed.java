package io.compozy.execution.stream;

import io.compozy.contracts.json.Json;
import io.compozy.contracts.message.ExecutionEvent;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.RecordId;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An execution's events in Redis: a stream {@code compozy:exec:{id}:events} whose entry ids are
 * {@code <seq>-0} (so a redelivered event is refused as a duplicate, and {@code Last-Event-ID}
 * maps to a position), capped in length and expiring a day after the last event; and the latest
 * status under {@code compozy:exec:{id}:status}.
 */
@Component
public class ExecutionFeed {
  static final int MAX_EVENTS = 10_000;
  static final Duration TTL = Duration.ofDays(1);
  private final ReactiveStringRedisTemplate redis;

  ExecutionFeed(ReactiveStringRedisTemplate redis) {
    this.redis = redis;
  }

  static String streamKey(String execId) {
    return "compozy:exec:" + execId + ":events";
  }

  /** The pub/sub channel told once an execution ends (its {@code complete} or {@code error} event). */
  public static String doneChannel(String execId) {
    return "compozy:exec:" + execId + ":done";
  }

  /** The pub/sub channel told the seq of each new event, so live readers fetch it from the stream. */
  static String liveChannel(String execId) {
    return "compozy:exec:" + execId + ":live";
  }

  static String statusKey(String execId) {
    return "compozy:exec:" + execId + ":status";
  }

  /** The sequence number of the newest event appended: what an execution's cached view is checked against. */
  public static String seqKey(String execId) {
    return "compozy:exec:" + execId + ":seq";
  }

  /** Appends one event; true when it was new. */
  public Mono<Boolean> append(ExecutionEvent e) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("type", e.type());
    fields.put("event", Json.write(e));
    MapRecord<String, String, String> record = StreamRecords.newRecord().in(streamKey(e.execId()))
        .withId(RecordId.of(e.seq(), 0)).ofMap(fields);
    Mono<Boolean> added = redis.opsForStream().add(record)
        .map(id -> true)
        // the stream refuses an id not above its last one: this event was stored already
        .onErrorResume(err -> isDuplicateId(err), err -> Mono.just(false));
    return added.flatMap(isNew -> {
      if (!isNew) {
        return Mono.just(false);
      }
      Mono<Boolean> status = e.type().equals("workflow_status") || e.type().equals("workflow_start")
          ? redis.opsForValue().set(statusKey(e.execId()), Json.write(Map.of("status", e.status(), "seq", e.seq(), "at", e.at().toString())), TTL)
          : Mono.just(true);
      Mono<Long> done = e.type().equals("complete") || e.type().equals("error")
          ? redis.convertAndSend(doneChannel(e.execId()), e.status())
          : Mono.just(0L);
      return status.then(redis.opsForValue().set(seqKey(e.execId()), Long.toString(e.seq()), TTL))
          .then(redis.opsForStream().trim(streamKey(e.execId()), MAX_EVENTS, true))
          .then(redis.expire(streamKey(e.execId()), TTL))
          .then(redis.convertAndSend(liveChannel(e.execId()), Long.toString(e.seq())))
          .then(done).thenReturn(true);
    });
  }

  /** The events after {@code afterSeq} (0 for all), in order. */
  public Flux<ExecutionEvent> since(String execId, long afterSeq) {
    return redis.opsForStream().range(streamKey(execId), Range.rightUnbounded(Range.Bound.exclusive(afterSeq + "-0")))
        .map(r -> Json.read((String) r.getValue().get("event"), ExecutionEvent.class));
  }

  private static boolean isDuplicateId(Throwable err) {
    for (Throwable t = err; t != null; t = t.getCause()) {
      if (String.valueOf(t.getMessage()).contains("equal or smaller than the target stream top item")) {
        return true;
      }
    }
    return false;
  }
}
