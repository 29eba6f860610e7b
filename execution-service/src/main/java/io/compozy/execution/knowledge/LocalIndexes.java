package io.compozy.execution.knowledge;

import io.compozy.knowledge.KnowledgeException;
import io.compozy.knowledge.LuceneIndex;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * This instance's on-disk indexes, one per knowledge base under {@code compozy.knowledge.dir}: the
 * replicas of {@code compozy.knowledge.chunks} that queries read.
 */
@Component
class LocalIndexes implements DisposableBean {
  private final KnowledgeProperties properties;
  private final Map<String, LuceneIndex> open = new ConcurrentHashMap<>();

  LocalIndexes(KnowledgeProperties properties) {
    this.properties = properties;
  }

  /**
   * The base's index for vectors of {@code model} ({@code provider:model}) in {@code dimension}s;
   * refused when made by another.
   */
  LuceneIndex index(String knowledgeBaseId, String model, int dimension) {
    try {
      return open.computeIfAbsent(
          knowledgeBaseId, id -> LuceneIndex.open(dir().resolve(folder(id)), model, dimension));
    } catch (IllegalStateException
        | UncheckedIOException refused) { // made by another model, or a folder that cannot be used
      throw new KnowledgeException(
          "vector_db", "knowledge base '" + knowledgeBaseId + "': " + refused.getMessage());
    }
  }

  Optional<LuceneIndex> ifOpen(String knowledgeBaseId) {
    return Optional.ofNullable(open.get(knowledgeBaseId));
  }

  Path dir() {
    return Path.of(properties.dirOrDefault());
  }

  /** A folder name for an id: its safe characters, and a hash so two ids never share one. */
  static String folder(String id) {
    return id.replaceAll("[^A-Za-z0-9_-]", "_") + "-" + Integer.toHexString(id.hashCode());
  }

  @Override
  public void destroy() {
    open.values().forEach(LuceneIndex::close);
    open.clear();
  }
}
