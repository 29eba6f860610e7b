package io.compozy.workflow.messaging;

import io.compozy.contracts.json.Json;
import io.compozy.contracts.message.EngineCommand;
import io.compozy.contracts.message.EngineMessage;
import io.compozy.contracts.message.StepResult;
import io.compozy.contracts.topic.Topics;
import io.compozy.support.catalog.ResourceCatalog;
import io.compozy.support.kafka.AsyncCommits;
import io.compozy.support.kafka.RecordTraces;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Consumes commands and step results in batches. The batch is applied (one atomic write) before the
 * listener returns, so offsets are committed only after the state is durable.
 */
@Component
class EngineListener {
  private static final Duration BATCH_TIMEOUT = Duration.ofSeconds(60);
  private final EngineBatchProcessor processor;
  private final ResourceCatalog catalog;

  EngineListener(EngineBatchProcessor processor, ResourceCatalog catalog) {
    this.processor = processor;
    this.catalog = catalog;
  }

  @KafkaListener(
      id = "engine",
      topics = {Topics.COMMANDS, Topics.STEP_RESULTS},
      groupId = "workflow-service",
      // a redelivered message is a no-op: its id is marked applied with the states it changed
      containerPostProcessor = AsyncCommits.BEAN,
      concurrency = "${compozy.workflow.consumers:1}")
  void onBatch(List<ConsumerRecord<String, String>> records) throws InterruptedException {
    List<EngineMessage> messages = new ArrayList<>(records.size());
    Map<String, String> traces = new HashMap<>();
    for (int i = 0; i < records.size(); i++) {
      ConsumerRecord<String, String> r = records.get(i);
      try {
        EngineMessage m =
            r.topic().equals(Topics.COMMANDS)
                ? Json.read(r.value(), EngineCommand.class)
                : Json.read(r.value(), StepResult.class);
        messages.add(m);
        String traceparent = RecordTraces.of(r.headers());
        if (traceparent != null) {
          traces.put(m.messageId(), traceparent);
        }
      } catch (RuntimeException e) {
        // a message that cannot be read is dead-lettered; the rest of the batch goes on
        throw new BatchListenerFailedException(
            "unreadable message on " + r.topic() + ": " + e.getMessage(), e, i);
      }
    }
    // decisions need the definitions: wait (on this consumer thread) until the catalog is current
    catalog.awaitCaughtUp(Duration.ofSeconds(30));
    // a Kafka consumer thread, not an event loop: it waits for the write before committing offsets
    try {
      processor.process(messages, traces).block(BATCH_TIMEOUT);
    } catch (RuntimeException batchFailed) {
      // find the culprit, or re-read what another consumer wrote meanwhile (a rebalance): one
      // message per write, in order; the first that fails goes to the error handler alone
      // (retried, then dead-lettered) and the ones after it are redelivered
      for (int i = 0; i < messages.size(); i++) {
        try {
          processor.process(List.of(messages.get(i)), traces).block(BATCH_TIMEOUT);
        } catch (RuntimeException e) {
          throw new BatchListenerFailedException(
              "message " + messages.get(i).messageId() + " failed: " + e.getMessage(), e, i);
        }
      }
    }
  }
}
