package io.compozy.execution.stream;

import io.compozy.contracts.json.Json;
import io.compozy.contracts.message.ExecutionEvent;
import io.compozy.contracts.topic.ExecutionChannels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An execution's events in Redis: a stream {@code compozy:exec:{<id>}:events} whose entry ids are
 * {@code <seq>-0} (so a redelivered event is refused as a duplicate, and {@code Last-Event-ID} maps
 * to a position), capped in length and expiring a day after the last event; and the latest status
 * under {@code compozy:exec:{<id>}:status} and the newest event's seq under {@code …:seq}.
 */
@Component
public class ExecutionFeed {
  static final int MAX_EVENTS = 10_000;
  static final Duration TTL = Duration.ofDays(1);
  // from a string, not a resource: a resource-backed script checks the file for changes on every
  // call
  private static final RedisScript<Long> APPEND =
      RedisScript.of(load("redis/append_event.lua"), Long.class);
  private final ReactiveStringRedisTemplate redis;

  ExecutionFeed(ReactiveStringRedisTemplate redis) {
    this.redis = redis;
  }

  /**
   * An execution's keys share a hash tag, so one script may touch them all on a Redis Cluster too.
   */
  static String key(String execId, String name) {
    return "compozy:exec:{" + execId + "}:" + name;
  }

  static String streamKey(String execId) {
    return key(execId, "events");
  }

  /**
   * The pub/sub channel told the seq of each new event, so live readers fetch it from the stream.
   */
  static String liveChannel(String execId) {
    return "compozy:exec:" + execId + ":live";
  }

  static String statusKey(String execId) {
    return key(execId, "status");
  }

  /**
   * The sequence number of the newest event appended: what an execution's cached view is checked
   * against.
   */
  public static String seqKey(String execId) {
    return key(execId, "seq");
  }

  /** The cached view of an execution (see the executions API). */
  public static String viewKey(String execId) {
    return key(execId, "view");
  }

  private static String load(String path) {
    try (var in = new ClassPathResource(path).getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  /** Appends one event; true when it was new. */
  public Mono<Boolean> append(ExecutionEvent e) {
    return append(List.of(new Written(e, Json.write(e)))).map(added -> added == 1L);
  }

  /**
   * An event with the JSON it was written as (what the feed stores, so it is not written again).
   */
  public record Written(ExecutionEvent event, String json) {}

  /**
   * Appends events of one execution, in order, in one script call (stream, newest seq, status, one
   * live notice, the done notice); tells how many were new.
   */
  public Mono<Long> append(List<Written> events) {
    String execId = events.getFirst().event().execId();
    List<String> args = new ArrayList<>(4 + 5 * events.size());
    args.addAll(
        List.of(
            Integer.toString(MAX_EVENTS),
            Long.toString(TTL.toSeconds()),
            liveChannel(execId),
            ExecutionChannels.done(execId)));
    for (Written w : events) {
      ExecutionEvent e = w.event();
      boolean statusEvent = e.type().isStatusChange();
      boolean ends = e.type().isFinal();
      args.add(Long.toString(e.seq()));
      args.add(e.type().wireName());
      args.add(w.json());
      args.add(
          statusEvent
              ? Json.write(Map.of("status", e.status(), "seq", e.seq(), "at", e.at().toString()))
              : "");
      args.add(ends ? e.status().wireName() : "");
    }
    return redis
        .execute(APPEND, List.of(streamKey(execId), statusKey(execId), seqKey(execId)), args)
        .next();
  }

  /** The events after {@code afterSeq} (0 for all), in order. */
  public Flux<ExecutionEvent> since(String execId, long afterSeq) {
    return redis
        .opsForStream()
        .range(streamKey(execId), Range.rightUnbounded(Range.Bound.exclusive(afterSeq + "-0")))
        .map(r -> Json.read((String) r.getValue().get("event"), ExecutionEvent.class));
  }
}
