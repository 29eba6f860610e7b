package io.compozy.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pgvector store on a real Postgres with the pgvector extension: the offline model's vectors
 * ranked by meaning through the HNSW index, a re-ingest that embeds only what changed, two bases
 * sharing a table without seeing each other, and a table of another model refused.
 */
class PgVectorStoreTest {
  static final LocalEmbedder MODEL = new LocalEmbedder();
  static PgliteServer postgres;
  static PgVectorStore handbook;

  @BeforeAll
  static void start() throws Exception {
    postgres = PgliteServer.start();
    handbook = new PgVectorStore(postgres.url(), null, null, "kb_chunks", "handbook", MODEL.model(), MODEL.dimension());
  }

  @AfterAll
  static void stop() throws Exception {
    if (handbook != null) {
      handbook.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void chunksAreRankedByMeaningAndAReIngestEmbedsOnlyWhatChanged() {
    KnowledgeStore store = new KnowledgeStore(handbook, MODEL, new TextSplitter(200, 20), 8);
    store.ingest("billing.md", "Invoices are sent on the first business day of each month. Refunds take five to seven days to reach your card.");
    store.ingest("pets.md", "Our office welcomes dogs on Fridays, as long as they are calm and on a leash.");
    List<Hit> hits = store.query("when will I get my money back?", 2, -1);
    assertThat(hits).isNotEmpty();
    assertThat(hits.getFirst().source()).isEqualTo("billing.md");
    assertThat(hits.getFirst().score()).isGreaterThan(hits.getLast().score());
    assertThat(handbook.sources()).containsExactlyInAnyOrder("billing.md", "pets.md");

    KnowledgeStore.Report again = store.ingest("pets.md", "Our office welcomes dogs on Fridays, as long as they are calm and on a leash.");
    assertThat(again.embedded()).isZero();
    assertThat(again.kept()).isEqualTo(handbook.ids("pets.md").size());
    KnowledgeStore.Report edited = store.ingest("pets.md", "Cats are welcome too, on Mondays.");
    assertThat(edited.embedded()).isEqualTo(1);
    assertThat(edited.deleted()).isEqualTo(1);
    assertThat(store.query("may I bring my cat?", 1, -1).getFirst().text()).contains("Cats");
    store.forget("pets.md");
    assertThat(handbook.sources()).containsExactly("billing.md");
  }

  @Test
  void twoBasesShareATableWithoutSeeingEachOther() {
    try (PgVectorStore other = new PgVectorStore(postgres.url(), null, null, "kb_chunks", "other", MODEL.model(), MODEL.dimension())) {
      KnowledgeStore store = new KnowledgeStore(other, MODEL, new TextSplitter(200, 20), 8);
      store.ingest("deploy.md", "Push a tag to deploy: the pipeline builds the image.");
      assertThat(other.sources()).containsExactly("deploy.md");
      assertThat(handbook.sources()).doesNotContain("deploy.md");
      assertThat(other.search(MODEL.embed(List.of("how do I deploy?")).getFirst(), 5, -1)).extracting(Hit::source).containsOnly("deploy.md");
    }
  }

  @Test
  void aTableHoldingAnotherModelsVectorsForTheBaseIsRefused() {
    assertThatThrownBy(() -> new PgVectorStore(postgres.url(), null, null, "kb_chunks", "handbook", "openai:text-embedding-3-small",
        MODEL.dimension()))
        .hasMessageContaining("holds vectors of " + MODEL.model());
    assertThatThrownBy(() -> new PgVectorStore(postgres.url(), null, null, "kb; drop table x", "handbook", MODEL.model(), 384))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a plain SQL name");
  }
}
