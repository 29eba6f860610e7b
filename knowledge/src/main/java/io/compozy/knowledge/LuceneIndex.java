package io.compozy.knowledge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.FSDirectory;

/**
 * The embedded vector store: one Lucene index on disk (HNSW graph over cosine similarity), one
 * document per chunk, replaced by chunk id. It records which model made its vectors and refuses
 * another. Writes are committed before they return, so what a call stored survives a crash (except
 * {@link #applyVisible}, which a replica commits itself).
 */
public final class LuceneIndex implements VectorStore, AutoCloseable {
  /** The most chunks one query returns. */
  public static final int MAX_TOP_K = 100;

  private static final String ID = "id";
  private static final String SOURCE = "source";
  private static final String INDEX = "index";
  private static final String TEXT = "text";
  private static final String VECTOR = "vector";
  private final FSDirectory directory;
  private final IndexWriter writer;
  private final SearcherManager searchers;
  private final int dimension;

  private LuceneIndex(FSDirectory directory, IndexWriter writer, int dimension) throws IOException {
    this.directory = directory;
    this.writer = writer;
    this.searchers = new SearcherManager(writer, null);
    this.dimension = dimension;
  }

  /**
   * The {@code model/dimension} an existing index in {@code dir} was made for; empty when there is
   * none.
   */
  public static Optional<String> madeFor(Path dir) {
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    try (FSDirectory directory = FSDirectory.open(dir)) {
      if (!DirectoryReader.indexExists(directory)) {
        return Optional.empty();
      }
      try (DirectoryReader reader = DirectoryReader.open(directory)) {
        return Optional.ofNullable(reader.getIndexCommit().getUserData().get("model"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "the knowledge index in " + dir + " cannot be read: " + e.getMessage(), e);
    }
  }

  /** Opens (or creates) the index in {@code dir} for vectors of {@code model}. */
  public static LuceneIndex open(Path dir, String model, int dimension) {
    try {
      FSDirectory directory = FSDirectory.open(dir);
      IndexWriter writer =
          new IndexWriter(
              directory,
              new IndexWriterConfig().setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND));
      Map<String, String> made = new HashMap<>();
      if (DirectoryReader.indexExists(directory)) {
        try (DirectoryReader reader = DirectoryReader.open(directory)) {
          made.putAll(reader.getIndexCommit().getUserData());
        }
      }
      String expected = model + "/" + dimension;
      if (made.containsKey("model") && !made.get("model").equals(expected)) {
        writer.close();
        directory.close();
        throw new IllegalStateException(
            "the index in "
                + dir
                + " holds vectors of "
                + made.get("model")
                + ", not of "
                + expected
                + ": ingest into a new index to change the embedder");
      }
      writer.setLiveCommitData(Map.of("model", expected).entrySet());
      writer.commit();
      return new LuceneIndex(directory, writer, dimension);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "the knowledge index in " + dir + " cannot be opened: " + e.getMessage(), e);
    }
  }

  @Override
  public void upsert(List<Chunk> chunks, List<float[]> vectors) {
    apply(chunks, vectors, List.of());
  }

  /** Upserts and deletes in one commit. */
  public void apply(List<Chunk> chunks, List<float[]> vectors, Collection<String> deletes) {
    write(chunks, vectors, deletes);
    try {
      commit();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Upserts and deletes, seen by searches when this returns but not yet durable: a replica applies
   * batches of the log this way and {@link #commit commits} now and then, since it can read again
   * what a crash lost.
   */
  public void applyVisible(List<Chunk> chunks, List<float[]> vectors, Collection<String> deletes) {
    write(chunks, vectors, deletes);
    try {
      searchers.maybeRefreshBlocking();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void write(List<Chunk> chunks, List<float[]> vectors, Collection<String> deletes) {
    if (chunks.size() != vectors.size()) {
      throw new IllegalArgumentException(
          chunks.size() + " chunks but " + vectors.size() + " vectors");
    }
    try {
      if (!deletes.isEmpty()) {
        writer.deleteDocuments(deletes.stream().map(id -> new Term(ID, id)).toArray(Term[]::new));
      }
      for (int i = 0; i < chunks.size(); i++) {
        Chunk c = chunks.get(i);
        float[] v = vectors.get(i);
        if (v.length != dimension) {
          throw new IllegalArgumentException(
              "a vector of " + v.length + " dimensions for an index of " + dimension);
        }
        Document doc = new Document();
        doc.add(new StringField(ID, c.id(), Field.Store.YES));
        doc.add(new StringField(SOURCE, c.source(), Field.Store.YES));
        doc.add(new StoredField(INDEX, c.index()));
        doc.add(new StoredField(TEXT, c.text()));
        doc.add(new KnnFloatVectorField(VECTOR, v, VectorSimilarityFunction.COSINE));
        writer.updateDocument(new Term(ID, c.id()), doc);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void delete(Collection<String> ids) {
    if (ids.isEmpty()) {
      return;
    }
    try {
      writer.deleteDocuments(ids.stream().map(id -> new Term(ID, id)).toArray(Term[]::new));
      commit();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void deleteSource(String source) {
    try {
      writer.deleteDocuments(new Term(SOURCE, source));
      commit();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Set<String> ids(String source) {
    return read(
        searcher -> {
          TermQuery q = new TermQuery(new Term(SOURCE, source));
          int n = searcher.count(q);
          Set<String> out = new HashSet<>();
          if (n == 0) {
            return out;
          }
          StoredFields fields = searcher.storedFields();
          for (ScoreDoc d : searcher.search(q, n).scoreDocs) {
            out.add(fields.document(d.doc, Set.of(ID)).get(ID));
          }
          return out;
        });
  }

  @Override
  public Set<String> sources() {
    return read(
        searcher -> {
          Set<String> out = new HashSet<>();
          var terms = MultiTerms.getTerms(searcher.getIndexReader(), SOURCE);
          if (terms != null) {
            var it = terms.iterator();
            for (var t = it.next(); t != null; t = it.next()) {
              out.add(t.utf8ToString());
            }
          }
          return out;
        });
  }

  public int count() {
    return read(searcher -> searcher.getIndexReader().numDocs());
  }

  @Override
  public List<Hit> search(float[] query, int topK, double minScore) {
    if (query.length != dimension) {
      throw new IllegalArgumentException(
          "a query of " + query.length + " dimensions for an index of " + dimension);
    }
    int k = Math.max(1, Math.min(topK, MAX_TOP_K));
    return read(
        searcher -> {
          if (searcher.getIndexReader().numDocs() == 0) {
            return List.of();
          }
          TopDocs top = searcher.search(new KnnFloatVectorQuery(VECTOR, query, k), k);
          StoredFields fields = searcher.storedFields();
          List<Hit> hits = new ArrayList<>();
          for (ScoreDoc d : top.scoreDocs) {
            double cosine = 2.0 * d.score - 1.0; // Lucene scores cosine similarity as (1 + cos) / 2
            if (cosine < minScore) {
              continue;
            }
            Document doc = fields.document(d.doc);
            hits.add(
                new Hit(
                    doc.get(ID),
                    doc.get(SOURCE),
                    doc.getField(INDEX).numericValue().intValue(),
                    doc.get(TEXT),
                    cosine));
          }
          return hits;
        });
  }

  /** Makes every write so far durable (and seen by searches). */
  public void commit() throws IOException {
    writer.commit();
    searchers.maybeRefreshBlocking();
  }

  private interface Read<T> {
    T apply(IndexSearcher searcher) throws IOException;
  }

  private <T> T read(Read<T> work) {
    try {
      IndexSearcher searcher = searchers.acquire();
      try {
        return work.apply(searcher);
      } finally {
        searchers.release(searcher);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      searchers.close();
      writer.close();
      directory.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
