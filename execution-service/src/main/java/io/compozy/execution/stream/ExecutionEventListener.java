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

  @KafkaListener(
      id = "execution-feed",
      topics = Topics.EXECUTION_EVENTS,
      groupId = "execution-service-feed",
      autoStartup = "#{executionRoles.api()}")
  void onBatch(List<ConsumerRecord<String, String>> records) {
    // executions side by side, each one's events in order in one script call (a stream refuses an
    // id below its last); the feed stores each event as the JSON it came as
    Map<String, List<ExecutionFeed.Written>> byExecution = new LinkedHashMap<>();
    for (int i = 0; i < records.size(); i++) {
      ExecutionEvent e;
      try {
        e = Json.read(records.get(i).value(), ExecutionEvent.class);
      } catch (RuntimeException ex) {
        throw new BatchListenerFailedException(
            "unreadable execution event: " + ex.getMessage(), ex, i);
      }
      byExecution
          .computeIfAbsent(e.execId(), id -> new ArrayList<>())
          .add(new ExecutionFeed.Written(e, records.get(i).value()));
    }
    // a Kafka consumer thread, not an event loop: offsets wait for Redis
    Flux.fromIterable(byExecution.values())
        .flatMap(feed::append, 64)
        .then()
        .block(Duration.ofSeconds(30));
  }
}
