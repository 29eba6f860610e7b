package io.compozy.scheduler.timer;

import io.compozy.contracts.json.Json;
import io.compozy.contracts.message.TimerMessage;
import io.compozy.contracts.message.TimerPlan;
import io.compozy.contracts.topic.Topics;
import io.compozy.support.kafka.RecordTraces;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Stores timer requests and cancellations from {@code compozy.timers}, a batch per transaction, two
 * statements per batch.
 */
@Component
class TimerListener {
  private final TimerStore store;
  private final TimerFiring firing;

  TimerListener(TimerStore store, TimerFiring firing) {
    this.store = store;
    this.firing = firing;
  }

  @KafkaListener(id = "timers", topics = Topics.TIMERS, groupId = "scheduler-service-timers")
  void onBatch(List<ConsumerRecord<String, String>> records) {
    List<TimerMessage> messages = new ArrayList<>(records.size());
    Map<String, String> traces = new HashMap<>();
    for (int i = 0; i < records.size(); i++) {
      String traceparent = RecordTraces.of(records.get(i).headers());
      if (traceparent != null && records.get(i).key() != null) {
        traces.put(records.get(i).key(), traceparent); // keyed by execution
      }
      try {
        messages.add(Json.read(records.get(i).value(), TimerMessage.class));
      } catch (RuntimeException e) {
        throw new BatchListenerFailedException("unreadable timer message: " + e.getMessage(), e, i);
      }
    }
    // the batch's net effect in two statements; a cancel follows the request it cancels (same
    // key, same partition, record order), so a timer set and canceled within the batch is never
    // written
    TimerPlan plan = TimerPlan.of(messages);
    if (plan.isEmpty()) {
      return;
    }
    // no transaction: each statement is atomic and applying a plan again changes nothing, so a
    // batch cut short is redelivered (offsets are committed once the rows are durable) and
    // completed.
    // A Kafka consumer thread, not an event loop: blocking is fine here.
    store.apply(plan, traces).block(Duration.ofSeconds(30));
    plan.set().stream()
        .map(TimerMessage.TimerRequested::fireAt)
        .min(Instant::compareTo)
        .ifPresent(firing::stored);
  }
}
