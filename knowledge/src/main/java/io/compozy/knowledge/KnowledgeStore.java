package io.compozy.knowledge;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One knowledge base's chunks: ingesting a source splits it, embeds only the chunks the index does
 * not hold yet (in batches of {@code batchSize}), and deletes the source's chunks that are gone; a
 * query embeds the question and returns the nearest chunks.
 */
public final class KnowledgeStore {
  private final VectorStore index;
  private final Embedder embedder;
  private final TextSplitter splitter;
  private final int batchSize;

  public KnowledgeStore(
      VectorStore index, Embedder embedder, TextSplitter splitter, int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
    }
    this.index = index;
    this.embedder = embedder;
    this.splitter = splitter;
    this.batchSize = batchSize;
  }

  /**
   * What one ingest did to a source: chunks embedded and stored, kept as they were, and deleted.
   */
  public record Report(String source, int embedded, int kept, int deleted) {}

  public Report ingest(String source, String text) {
    return ingest(source, text, false);
  }

  /**
   * With {@code dedupe} (Compozy's {@code preprocess.dedupe}), a chunk whose text came before in
   * the source is left out.
   */
  public Report ingest(String source, String text, boolean dedupe) {
    List<Chunk> chunks = splitter.split(source, text);
    if (dedupe) {
      Set<String> seen = new HashSet<>();
      chunks = chunks.stream().filter(c -> seen.add(c.text().strip())).toList();
    }
    Set<String> stored = index.ids(source);
    List<Chunk> fresh = new ArrayList<>();
    Set<String> current = new HashSet<>();
    for (Chunk c : chunks) {
      current.add(c.id());
      if (!stored.contains(c.id())) {
        fresh.add(c);
      }
    }
    for (int i = 0; i < fresh.size(); i += batchSize) {
      List<Chunk> batch = fresh.subList(i, Math.min(fresh.size(), i + batchSize));
      index.upsert(batch, embedder.embed(batch.stream().map(Chunk::text).toList()));
    }
    Set<String> gone = new HashSet<>(stored);
    gone.removeAll(current);
    index.delete(gone);
    return new Report(source, fresh.size(), chunks.size() - fresh.size(), gone.size());
  }

  /** Removes every chunk of a source that no longer exists. */
  public void forget(String source) {
    index.deleteSource(source);
  }

  public List<Hit> query(String question, int topK, double minScore) {
    return index.search(embedder.embed(List.of(question)).getFirst(), topK, minScore);
  }
}
