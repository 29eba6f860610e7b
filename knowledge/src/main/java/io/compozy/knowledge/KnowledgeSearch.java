package io.compozy.knowledge;

import java.util.List;

/** Searches a knowledge base by id: the chunks nearest to {@code text}, nearest first, none under {@code minScore}. */
@FunctionalInterface
public interface KnowledgeSearch {
  List<Hit> search(String knowledgeBaseId, String text, int topK, double minScore);
}
