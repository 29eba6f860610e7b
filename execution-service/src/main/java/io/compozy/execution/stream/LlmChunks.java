package io.compozy.execution.stream;

import io.compozy.contracts.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Tokens of a model's answer as they arrive, published on the execution's chunk channel (Redis
 * pub/sub) for its SSE readers. Chunks are not stored: a reader that connects later sees the task's
 * result in its {@code task_status} event instead.
 */
@Component
public class LlmChunks {
  private final ReactiveStringRedisTemplate redis;

  LlmChunks(ReactiveStringRedisTemplate redis) {
    this.redis = redis;
  }

  static String channel(String execId) {
    return "compozy:exec:" + execId + ":chunks";
  }

  /** Publishes one piece of text; blocks until Redis took it, so pieces go out in order. */
  public void publish(String execId, String taskId, int attempt, int index, String text) {
    Map<String, Object> chunk = new LinkedHashMap<>();
    chunk.put("task_id", taskId);
    chunk.put("attempt", attempt);
    chunk.put("index", index);
    chunk.put("text", text);
    redis.convertAndSend(channel(execId), Json.write(chunk)).block();
  }
}
