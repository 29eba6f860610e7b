package io.compozy.execution.worker;

import io.compozy.contracts.json.Json;
import io.compozy.contracts.message.StepResult;
import io.compozy.contracts.topic.Topics;
import io.compozy.support.kafka.RecordTraces;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Answers a step on {@code compozy.step-results}, keyed by its execution (so the orchestrator
 * instance that owns it gets it) and carrying its message id for deduplication.
 */
@Component
public class StepResults {
  private final KafkaTemplate<String, String> kafka;

  StepResults(KafkaTemplate<String, String> kafka) {
    this.kafka = kafka;
  }

  public CompletableFuture<?> publish(StepResult result) {
    return publish(result, null);
  }

  /** With the span of the step's work as the parent of the orchestrator's decision on it. */
  public CompletableFuture<?> publish(StepResult result, @Nullable String traceparent) {
    ProducerRecord<String, String> record =
        new ProducerRecord<>(Topics.STEP_RESULTS, result.execId(), Json.write(result));
    record
        .headers()
        .add(
            new RecordHeader(
                Topics.HEADER_MESSAGE_ID, result.messageId().getBytes(StandardCharsets.UTF_8)));
    RecordTraces.put(record.headers(), traceparent);
    return kafka.send(record);
  }
}
