package io.compozy.scheduler.timer;

import io.compozy.contracts.json.Json;
import io.compozy.contracts.message.TimerMessage;
import io.compozy.contracts.topic.Topics;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Stores timer requests and cancellations from {@code compozy.timers}, a batch per transaction. */
@Component
class TimerListener {
  private final TimerStore store;
  private final TransactionalOperator tx;
  private final TimerFiring firing;

  TimerListener(TimerStore store, TransactionalOperator tx, TimerFiring firing) {
    this.store = store;
    this.tx = tx;
    this.firing = firing;
  }

  @KafkaListener(id = "timers", topics = Topics.TIMERS, groupId = "scheduler-service-timers")
  void onBatch(List<ConsumerRecord<String, String>> records) {
    List<Mono<Void>> writes = new java.util.ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      TimerMessage m;
      try {
        m = Json.read(records.get(i).value(), TimerMessage.class);
      } catch (RuntimeException e) {
        throw new BatchListenerFailedException("unreadable timer message: " + e.getMessage(), e, i);
      }
      writes.add(switch (m) {
        case TimerMessage.TimerRequested r -> store.set(r);
        case TimerMessage.TimerCanceled c -> store.cancel(c);
      });
    }
    // in record order: a cancel follows the request it cancels (same key, same partition)
    // a Kafka consumer thread, not an event loop: offsets are committed once the rows are durable
    tx.transactional(Flux.concat(writes).then()).block(Duration.ofSeconds(30));
    firing.wake();
  }
}
