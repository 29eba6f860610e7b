package io.compozy.execution.knowledge;

import io.compozy.contracts.json.Json;
import io.compozy.contracts.message.KnowledgeIngestStep;
import io.compozy.contracts.topic.Topics;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * The ingestion worker: runs the steps of a batch in order. Batches are small: a document step
 * embeds a whole document, and the batch must end well within the poll interval.
 */
@Component
class IngestListener {
  private final Ingestion ingestion;

  IngestListener(Ingestion ingestion) {
    this.ingestion = ingestion;
  }

  @KafkaListener(
      id = "knowledge-worker",
      topics = Topics.KNOWLEDGE_INGEST,
      groupId = "execution-service-knowledge",
      autoStartup = "#{executionRoles.workers()}",
      properties = "max.poll.records=${compozy.knowledge.steps-per-poll:4}")
  void onBatch(List<ConsumerRecord<String, String>> records) {
    for (int i = 0; i < records.size(); i++) {
      KnowledgeIngestStep step;
      try {
        step = Json.read(records.get(i).value(), KnowledgeIngestStep.class);
      } catch (RuntimeException e) {
        throw new BatchListenerFailedException(
            "unreadable ingestion step: " + e.getMessage(), e, i);
      }
      try {
        ingestion.run(step);
      } catch (RuntimeException e) {
        throw new BatchListenerFailedException("ingestion step failed: " + e.getMessage(), e, i);
      }
    }
  }
}
