package io.compozy.execution.knowledge;

import io.compozy.contracts.json.Json;
import io.compozy.contracts.message.KnowledgeChunk;
import io.compozy.contracts.topic.Topics;
import io.compozy.knowledge.Chunk;
import io.compozy.knowledge.Hit;
import io.compozy.knowledge.LuceneIndex;
import io.compozy.knowledge.VectorStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes knowledge chunks to {@code compozy.knowledge.chunks}, the log every instance's index
 * replicates: a write returns once Kafka has it (all in-sync replicas), and reaches this instance's
 * index, and every other's, through {@link ChunkReplica}.
 */
@Component
class ChunkLog {
  private static final long SEND_SECONDS = 30;
  private final KafkaTemplate<String, String> kafka;

  ChunkLog(KafkaTemplate<String, String> kafka) {
    this.kafka = kafka;
  }

  /** A base's store: reads this instance's replica, writes the log. */
  VectorStore store(String knowledgeBaseId, String model, LuceneIndex replica) {
    return new VectorStore() {
      @Override
      public Set<String> ids(String source) {
        return replica.ids(source);
      }

      @Override
      public Set<String> sources() {
        return replica.sources();
      }

      @Override
      public void upsert(List<Chunk> chunks, List<float[]> vectors) {
        List<CompletableFuture<?>> sends = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
          Chunk c = chunks.get(i);
          KnowledgeChunk record =
              new KnowledgeChunk(
                  knowledgeBaseId,
                  c.id(),
                  c.source(),
                  c.index(),
                  c.text(),
                  model,
                  KnowledgeChunk.encode(vectors.get(i)));
          sends.add(
              kafka.send(
                  Topics.KNOWLEDGE_CHUNKS,
                  KnowledgeChunk.key(knowledgeBaseId, c.id()),
                  Json.write(record)));
        }
        await(sends);
      }

      @Override
      public void delete(Collection<String> ids) {
        List<CompletableFuture<?>> sends = new ArrayList<>();
        for (String id : ids) {
          sends.add(
              kafka.send(Topics.KNOWLEDGE_CHUNKS, KnowledgeChunk.key(knowledgeBaseId, id), null));
        }
        await(sends);
      }

      @Override
      public List<Hit> search(float[] query, int topK, double minScore) {
        return replica.search(query, topK, minScore);
      }
    };
  }

  private static void await(List<CompletableFuture<?>> sends) {
    try {
      CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
          .get(SEND_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing knowledge chunks", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "knowledge chunks could not be written to "
              + Topics.KNOWLEDGE_CHUNKS
              + ": "
              + e.getMessage(),
          e);
    }
  }
}
