package io.compozy.execution.memory;

import io.compozy.contracts.dsl.Durations;
import io.compozy.contracts.dsl.MemoryDef;
import io.compozy.contracts.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
  public static final Set<String> OPERATIONS = Set.of("read", "write", "append", "delete", "clear", "flush", "stats", "health");
  @SuppressWarnings("rawtypes")
  private static final RedisScript<List> APPEND = RedisScript.of(script("memory/append.lua"), List.class);
  private final ReactiveStringRedisTemplate redis;

  MemoryStore(ReactiveStringRedisTemplate redis) {
    this.redis = redis;
  }

  static String redisKey(MemoryDef memory, String key) {
    return "compozy:memory:" + memory.id() + ":" + key;
  }

  /** Runs one operation of DSL.md's memory task; {@code payload} holds the messages of write and append. */
  public Mono<Object> apply(MemoryDef memory, String key, String operation, @Nullable Object payload) {
    return Mono.defer(() -> operate(memory, key, operation, payload));
  }

  private Mono<Object> operate(MemoryDef memory, String key, String operation, @Nullable Object payload) {
    if (key.isBlank()) {
      return Mono.error(new MemoryException("/key", "the instance key is empty"));
    }
    return switch (operation) {
      case "read" -> read(memory, key).map(list -> (Object) list.stream().map(MemoryMessage::view).toList());
      case "write" -> store(memory, key, MemoryMessage.fromPayload(payload), true);
      case "append" -> store(memory, key, MemoryMessage.fromPayload(payload), false);
      case "delete", "clear" -> redis.delete(redisKey(memory, key)).map(n -> (Object) Map.of("key", key, "deleted", n > 0));
      case "flush" -> flush(memory, key);
      case "stats" -> stats(memory, key);
      case "health" -> redis.hasKey(redisKey(memory, key))
          .map(exists -> (Object) Map.of("healthy", true, "key", key, "exists", exists));
      default -> Mono.error(new MemoryException("/operation", "'" + operation + "' is not one of " + OPERATIONS.stream().sorted().toList()));
    };
  }

  public Mono<List<MemoryMessage>> read(MemoryDef memory, String key) {
    return redis.opsForList().range(redisKey(memory, key), 0, -1)
        .map(json -> Json.read(json, MemoryMessage.class))
        .collectList();
  }

  public Mono<Object> append(MemoryDef memory, String key, List<MemoryMessage> messages) {
    return store(memory, key, messages, false);
  }

  private Mono<Object> store(MemoryDef memory, String key, List<MemoryMessage> messages, boolean replace) {
    if ("summarize".equals(memory.flushingType())) {
      return Mono.error(new MemoryException("/flushing/type", "memory '" + memory.id()
          + "': the summarize flushing strategy is not built yet; use simple_fifo"));
    }
    List<String> args = new ArrayList<>();
    args.add(replace ? "replace" : "append");
    args.add(Integer.toString(memory.maxMessages() == null ? 0 : memory.maxMessages()));
    args.add(Integer.toString(memory.maxTokens() == null ? 0 : memory.maxTokens()));
    args.add(Long.toString(ttl(memory)));
    messages.stream().filter(m -> memory.persists(m.role())).forEach(m -> args.add(Json.write(m.redacted(memory))));
    return redis.execute(APPEND, List.of(redisKey(memory, key)), args).next()
        .map(r -> (Object) result(key, r));
  }

  private Mono<Object> flush(MemoryDef memory, String key) {
    return store(memory, key, List.of(), false);
  }

  private Mono<Object> stats(MemoryDef memory, String key) {
    String k = redisKey(memory, key);
    return read(memory, key).zipWith(redis.getExpire(k).defaultIfEmpty(Duration.ZERO)).map(t -> {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("key", key);
      out.put("message_count", t.getT1().size());
      out.put("token_count", t.getT1().stream().mapToLong(MemoryMessage::tokens).sum());
      out.put("max_messages", memory.maxMessages());
      out.put("max_tokens", memory.maxTokens());
      out.put("ttl_seconds", t.getT2().isNegative() ? null : t.getT2().toSeconds());
      return out;
    });
  }

  private static Map<String, Object> result(String key, List<?> r) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("key", key);
    out.put("message_count", ((Number) r.get(0)).longValue());
    out.put("flushed", ((Number) r.get(1)).longValue());
    return out;
  }

  private static long ttl(MemoryDef memory) {
    if (memory.ttl() == null || memory.ttl().isBlank()) {
      return 0;
    }
    try {
      return Durations.parse(memory.ttl()).toMillis();
    } catch (RuntimeException e) {
      throw new MemoryException("/persistence/ttl", "'" + memory.ttl() + "' is not a duration (e.g. 24h, 30m)");
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
