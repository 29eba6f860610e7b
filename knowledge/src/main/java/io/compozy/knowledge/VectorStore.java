package io.compozy.knowledge;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Where one knowledge base's chunks and their vectors are kept and searched: the embedded Lucene
 * index, or a store that writes through a shared log and reads a local replica of it.
 */
public interface VectorStore {
  /** The ids of the chunks stored for {@code source}. */
  Set<String> ids(String source);

  /** The sources that have chunks here. */
  Set<String> sources();

  /** Stores each chunk with its vector (in the same order), replacing any chunk of the same id. */
  void upsert(List<Chunk> chunks, List<float[]> vectors);

  void delete(Collection<String> ids);

  /** Removes every chunk of a source. */
  default void deleteSource(String source) {
    delete(ids(source));
  }

  /**
   * The {@code topK} chunks nearest to {@code query}, nearest first, those under {@code minScore}
   * left out.
   */
  List<Hit> search(float[] query, int topK, double minScore);
}
