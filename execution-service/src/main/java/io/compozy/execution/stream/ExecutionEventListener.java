package io.compozy.execution.stream;

import io.compozy.contracts.json.Json;
import io.compozy.contracts.message.ExecutionEvent;
import io.compozy.contracts.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

/**
 * Keeps each execution's Redis feed from {@code compozy.execution-events}. Events of one execution
 * share a partition, so they arrive in order; offsets are committed once Redis has them.
 */
@Component
class ExecutionEventListener {
  private final ExecutionFeed feed;

  ExecutionEventListener(ExecutionFeed feed) {
    this.feed = feed;
  }

  @KafkaListener(id = "execution-feed", topics = Topics.EXECUTION_EVENTS, groupId = "execution-service-feed")
  void onBatch(List<ConsumerRecord<String, String>> records) {
    List<ExecutionEvent> events = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      try {
        events.add(Json.read(records.get(i).value(), ExecutionEvent.class));
      } catch (RuntimeException e) {
        throw new BatchListenerFailedException("unreadable execution event: " + e.getMessage(), e, i);
      }
    }
    // a Kafka consumer thread, not an event loop: offsets wait for Redis
    // executions side by side, each one's events in order (a stream refuses an id below its last)
    Map<String, List<ExecutionEvent>> byExecution = new LinkedHashMap<>();
    events.forEach(e -> byExecution.computeIfAbsent(e.execId(), id -> new ArrayList<>()).add(e));
    Flux.fromIterable(byExecution.values())
        .flatMap(one -> Flux.fromIterable(one).concatMap(feed::append), 64)
        .then().block(Duration.ofSeconds(30));
  }
}
