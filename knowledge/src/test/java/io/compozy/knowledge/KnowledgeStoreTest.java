package io.compozy.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The offline embedder and the on-disk index together: real semantic ranking, idempotent re-ingest,
 * a restart that keeps everything.
 */
class KnowledgeStoreTest {
  static final LocalEmbedder MODEL = new LocalEmbedder();

  /** The real model, counting the texts it is asked to embed. */
  static final AtomicInteger embedded = new AtomicInteger();

  static final Embedder COUNTED =
      new Embedder() {
        @Override
        public int dimension() {
          return MODEL.dimension();
        }

        @Override
        public String model() {
          return MODEL.model();
        }

        @Override
        public List<float[]> embed(List<String> texts) {
          embedded.addAndGet(texts.size());
          return MODEL.embed(texts);
        }
      };
  @TempDir static Path dir;
  static LuceneIndex index;
  static KnowledgeStore store;

  @BeforeAll
  static void open() {
    index = LuceneIndex.open(dir.resolve("kb"), MODEL.model(), MODEL.dimension());
    store = new KnowledgeStore(index, COUNTED, new TextSplitter(200, 20), 16);
  }

  @AfterAll
  static void close() {
    index.close();
  }

  @Test
  void aParaphraseFindsTheDocumentThatSaysItFirst() {
    store.ingest(
        "billing.md",
        "Invoices are sent on the first business day of each month. Refunds take five to seven days"
            + " to reach your card.");
    store.ingest(
        "deploy.md",
        "To roll out a new version, push a tag; the pipeline builds the image and updates the"
            + " Kubernetes deployment.");
    store.ingest(
        "pets.md", "Our office welcomes dogs on Fridays, as long as they are calm and on a leash.");
    List<Hit> hits = store.query("how long until my money comes back after a refund?", 3, -1);
    assertThat(hits).isNotEmpty();
    assertThat(hits.getFirst().source()).isEqualTo("billing.md");
    assertThat(hits.getFirst().score()).isGreaterThan(hits.getLast().score());
    assertThat(store.query("can I bring my puppy to work", 1, -1).getFirst().source())
        .isEqualTo("pets.md");
    assertThat(store.query("shipping a release to production", 1, -1).getFirst().source())
        .isEqualTo("deploy.md");
    assertThat(store.query("how long until my money comes back after a refund?", 3, 0.99))
        .isEmpty(); // min_score
  }

  @Test
  void reIngestingEmbedsOnlyWhatChangedAndDropsWhatIsGone() {
    String doc =
        "Paragraph one about apples and orchards.\n\n"
            + "Paragraph two about pears.\n\n"
            + "Paragraph three about plums and their trees.";
    KnowledgeStore small = new KnowledgeStore(index, COUNTED, new TextSplitter(50, 0), 2);
    KnowledgeStore.Report first = small.ingest("fruit.md", doc);
    assertThat(first.embedded()).isEqualTo(3);
    int before = embedded.get();
    assertThat(small.ingest("fruit.md", doc))
        .isEqualTo(new KnowledgeStore.Report("fruit.md", 0, 3, 0));
    assertThat(embedded.get()).isEqualTo(before); // nothing embedded again
    KnowledgeStore.Report edited =
        small.ingest(
            "fruit.md",
            doc.replace("pears", "cherries")
                .replace("\n\nParagraph three about plums and their trees.", ""));
    assertThat(edited).isEqualTo(new KnowledgeStore.Report("fruit.md", 1, 1, 2));
    assertThat(embedded.get()).isEqualTo(before + 1);
    assertThat(index.ids("fruit.md")).hasSize(2);
    small.forget("fruit.md");
    assertThat(index.ids("fruit.md")).isEmpty();
  }

  @Test
  void aRestartKeepsTheIndexAndAnotherModelIsRefused(@TempDir Path other) {
    Path at = other.resolve("kb");
    try (LuceneIndex first = LuceneIndex.open(at, MODEL.model(), MODEL.dimension())) {
      new KnowledgeStore(first, MODEL, new TextSplitter(200, 0), 8)
          .ingest("note.md", "The staging database is rebuilt every night at two.");
    }
    try (LuceneIndex again = LuceneIndex.open(at, MODEL.model(), MODEL.dimension())) {
      assertThat(again.count()).isEqualTo(1);
      assertThat(again.sources()).containsExactly("note.md");
      assertThat(
              new KnowledgeStore(again, MODEL, new TextSplitter(200, 0), 8)
                  .query("when is staging reset?", 1, 0)
                  .getFirst()
                  .text())
          .contains("rebuilt every night");
    }
    assertThatThrownBy(() -> LuceneIndex.open(at, "openai:text-embedding-3-small", 1536))
        .hasMessageContaining("holds vectors of local:all-minilm-l6-v2/384")
        .hasMessageContaining("ingest into a new index");
  }
}
