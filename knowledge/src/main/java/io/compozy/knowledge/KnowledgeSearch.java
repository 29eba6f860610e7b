package io.compozy.knowledge;

import java.util.List;
import java.util.Map;

/**
 * Searches a knowledge base by id: the chunks nearest to {@code text}, nearest first, none under
 * {@code minScore}.
 */
@FunctionalInterface
public interface KnowledgeSearch {
  /**
   * {@code filters} match each chunk's metadata exactly (a list-valued field: one of its values);
   * empty: every chunk.
   */
  List<Hit> search(
      String knowledgeBaseId, String text, int topK, double minScore, Map<String, String> filters);
}
