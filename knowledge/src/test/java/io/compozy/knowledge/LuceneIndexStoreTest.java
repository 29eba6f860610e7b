package io.compozy.knowledge;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded on-disk index, held to the same contract as the shared stores (a folder per base, as
 * the platform keeps them).
 */
class LuceneIndexStoreTest extends VectorStoreContract {
  @TempDir static Path dir;
  static final Map<String, LuceneIndex> open = new HashMap<>();
  static final List<LuceneIndex> all = new ArrayList<>();

  @AfterAll
  static void close() {
    all.forEach(LuceneIndex::close);
  }

  @Override
  VectorStore open(String knowledgeBaseId, String model, int dimension) {
    LuceneIndex previous = open.remove(knowledgeBaseId);
    if (previous != null) {
      previous.close(); // one writer per folder: opened again, as after a restart
    }
    LuceneIndex index = LuceneIndex.open(dir.resolve(knowledgeBaseId), model, dimension);
    open.put(knowledgeBaseId, index);
    all.add(index);
    return index;
  }
}
