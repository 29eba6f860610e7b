package io.compozy.execution.memory;

import io.compozy.contracts.dsl.Durations;
import io.compozy.contracts.dsl.MemoryDef;
import io.compozy.contracts.dsl.MemoryFlushing;
import io.compozy.contracts.dsl.MemoryOperation;
import io.compozy.contracts.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Memory instances in Redis: one list per memory and key, each message a JSON entry. Appends are
 * single Lua calls (push, then flush the oldest past the limits), so concurrent writers from any
 * number of executions and instances never lose a message.
 */
@Component
public class MemoryStore {
  @SuppressWarnings("rawtypes")
  private static final RedisScript<List> APPEND =
      RedisScript.of(script("memory/append.lua"), List.class);

  /** Deletes an instance, answering how many messages it held. */
  private static final RedisScript<Long> CLEAR =
      RedisScript.of(
          "local n = redis.call('LLEN', KEYS[1]) redis.call('DEL', KEYS[1]) return n", Long.class);

  private final ReactiveStringRedisTemplate redis;

  MemoryStore(ReactiveStringRedisTemplate redis) {
    this.redis = redis;
  }

  static String redisKey(MemoryDef memory, String key) {
    return "compozy:memory:" + memory.id() + ":" + key;
  }

  /**
   * Runs one operation of DSL.md's memory task; {@code payload} holds the messages of write and
   * append.
   */
  public Mono<Object> apply(
      MemoryDef memory, String key, MemoryOperation operation, @Nullable Object payload) {
    return Mono.defer(() -> operate(memory, key, operation, payload));
  }

  private Mono<Object> operate(
      MemoryDef memory, String key, MemoryOperation operation, @Nullable Object payload) {
    if (key.isBlank()) {
      return Mono.error(new MemoryException("/key", "the instance key is empty"));
    }
    return switch (operation) {
      case READ ->
          read(memory, key).map(list -> (Object) list.stream().map(MemoryMessage::view).toList());
      case WRITE -> write(memory, key, MemoryMessage.fromPayload(payload)).cast(Object.class);
      case APPEND -> append(memory, key, MemoryMessage.fromPayload(payload)).cast(Object.class);
      case DELETE ->
          redis
              .execute(CLEAR, List.of(redisKey(memory, key)))
              .next()
              .map(n -> (Object) deleted(key, ((Number) n).longValue()));
      case CLEAR ->
          redis
              .execute(CLEAR, List.of(redisKey(memory, key)))
              .next()
              .map(n -> (Object) cleared(key, ((Number) n).longValue()));
      case FLUSH -> flush(memory, key).cast(Object.class);
      case STATS -> stats(memory, key).cast(Object.class);
      case HEALTH -> health(memory, key).cast(Object.class);
    };
  }

  public Mono<List<MemoryMessage>> read(MemoryDef memory, String key) {
    return redis
        .opsForList()
        .range(redisKey(memory, key), 0, -1)
        .map(json -> Json.read(json, MemoryMessage.class))
        .collectList();
  }

  public Mono<MemoryAnswers> append(MemoryDef memory, String key, List<MemoryMessage> messages) {
    return store(memory, key, messages, false)
        .map(
            r ->
                new MemoryAnswers.Appended(
                    true, key, r.stored(), r.held(), r.held(), r.flushed(), r.summarized()));
  }

  private Mono<MemoryAnswers> write(MemoryDef memory, String key, List<MemoryMessage> messages) {
    return store(memory, key, messages, true)
        .map(
            r ->
                new MemoryAnswers.Written(
                    true, key, r.stored(), r.held(), r.flushed(), r.summarized()));
  }

  /**
   * What one store call did: messages kept of those given, held after it, flushed, and whether a
   * summary was written.
   */
  private record Stored(int stored, long held, long flushed, boolean summarized) {}

  private Mono<Stored> store(
      MemoryDef memory, String key, List<MemoryMessage> messages, boolean replace) {
    MemoryFlushing flushing = memory.flushingOrDefault();
    boolean summarize = flushing.strategy().kind() == MemoryFlushing.Kind.SUMMARIZE;
    List<String> args = new ArrayList<>();
    args.add(replace ? "replace" : "append");
    args.add(Integer.toString(memory.maxMessages() == null ? 0 : memory.maxMessages()));
    args.add(Integer.toString(memory.maxTokens() == null ? 0 : memory.maxTokens()));
    args.add(Long.toString(ttl(memory)));
    args.add(summarize ? "summary" : "fifo");
    args.add(Integer.toString(flushing.summaryBudget()));
    args.add(Double.toString(flushing.oldestShare()));
    int before = args.size();
    messages.stream()
        .filter(m -> memory.persists(m.role()))
        .forEach(m -> args.add(Json.write(m.redacted(memory))));
    int stored = args.size() - before;
    return redis
        .execute(APPEND, List.of(redisKey(memory, key)), args)
        .next()
        .map(
            r ->
                new Stored(
                    stored,
                    ((Number) r.get(0)).longValue(),
                    ((Number) r.get(1)).longValue(),
                    ((Number) r.get(2)).longValue() == 1));
  }

  private Mono<MemoryAnswers> flush(MemoryDef memory, String key) {
    return store(memory, key, List.of(), false)
        .map(
            r ->
                new MemoryAnswers.Flushed(
                    true,
                    key,
                    memory.flushingOrDefault().strategy().wire(),
                    false,
                    r.held(),
                    r.flushed(),
                    r.summarized()));
  }

  private static MemoryAnswers deleted(String key, long messages) {
    return new MemoryAnswers.Deleted(true, key, messages > 0);
  }

  private static MemoryAnswers cleared(String key, long messages) {
    return new MemoryAnswers.Cleared(true, key, messages > 0, messages, false);
  }

  /** Counts of an instance: Compozy's stats keys, and the limits and time to live it has here. */
  private Mono<MemoryAnswers> stats(MemoryDef memory, String key) {
    String k = redisKey(memory, key);
    return read(memory, key)
        .zipWith(redis.getExpire(k).defaultIfEmpty(Duration.ZERO))
        .map(
            t -> {
              List<MemoryMessage> messages = t.getT1();
              long tokens = messages.stream().mapToLong(MemoryMessage::tokens).sum();
              Map<String, Long> roles = new TreeMap<>();
              messages.forEach(m -> roles.merge(m.role(), 1L, Long::sum));
              return new MemoryAnswers.Stats(
                  key,
                  messages.size(),
                  tokens,
                  memory.maxTokens(),
                  memory.maxTokens() == null || memory.maxTokens() == 0
                      ? null
                      : (double) tokens / memory.maxTokens(),
                  tokens,
                  roles,
                  memory.maxMessages(),
                  memory.maxTokens(),
                  t.getT2().isNegative() ? null : t.getT2().toSeconds());
            });
  }

  private Mono<MemoryAnswers> health(MemoryDef memory, String key) {
    return read(memory, key)
        .map(
            messages -> {
              long tokens = messages.stream().mapToLong(MemoryMessage::tokens).sum();
              return new MemoryAnswers.Health(
                  true,
                  key,
                  !messages.isEmpty(),
                  messages.size(),
                  tokens,
                  tokens,
                  memory.flushingOrDefault().strategy().wire());
            });
  }

  private static long ttl(MemoryDef memory) {
    if (memory.ttl() == null || memory.ttl().isBlank()) {
      return 0;
    }
    try {
      return Durations.parse(memory.ttl()).toMillis();
    } catch (RuntimeException e) {
      throw new MemoryException(
          "/persistence/ttl", "'" + memory.ttl() + "' is not a duration (e.g. 24h, 30m)");
    }
  }

  private static String script(String path) {
    try (var in = new ClassPathResource(path).getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
