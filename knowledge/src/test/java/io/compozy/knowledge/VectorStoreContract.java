package io.compozy.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every vector store does, run against each of them on its real server: the offline model's
 * vectors ranked by meaning, a re-ingest that embeds only what changed, two bases in one store not
 * seeing each other, and a store holding another model's vectors for a base refused.
 */
abstract class VectorStoreContract {
  static final LocalEmbedder MODEL = new LocalEmbedder();

  /**
   * The store of {@code knowledgeBaseId} for vectors of {@code model}, in the store every test of
   * the class shares.
   */
  abstract VectorStore open(String knowledgeBaseId, String model, int dimension) throws Exception;

  @Test
  void chunksAreRankedByMeaningAndAReIngestEmbedsOnlyWhatChanged() throws Exception {
    VectorStore handbook = open("handbook", MODEL.model(), MODEL.dimension());
    KnowledgeStore store = new KnowledgeStore(handbook, MODEL, new TextSplitter(200, 20), 8);
    store.ingest(
        "billing.md",
        "Invoices are sent on the first business day of each month. Refunds take five to seven days"
            + " to reach your card.");
    store.ingest(
        "pets.md", "Our office welcomes dogs on Fridays, as long as they are calm and on a leash.");
    List<Hit> hits = store.query("when will I get my money back?", 2, -1);
    assertThat(hits).isNotEmpty();
    assertThat(hits.getFirst().source()).isEqualTo("billing.md");
    assertThat(hits.getFirst().score()).isGreaterThan(hits.getLast().score());
    assertThat(handbook.sources()).containsExactlyInAnyOrder("billing.md", "pets.md");

    KnowledgeStore.Report again =
        store.ingest(
            "pets.md",
            "Our office welcomes dogs on Fridays, as long as they are calm and on a leash.");
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
  void twoBasesInOneStoreDoNotSeeEachOther() throws Exception {
    VectorStore mine = open("mine", MODEL.model(), MODEL.dimension());
    VectorStore other = open("other", MODEL.model(), MODEL.dimension());
    new KnowledgeStore(other, MODEL, new TextSplitter(200, 20), 8)
        .ingest("deploy.md", "Push a tag to deploy: the pipeline builds the image.");
    new KnowledgeStore(mine, MODEL, new TextSplitter(200, 20), 8)
        .ingest("lunch.md", "Lunch is served at noon in the canteen.");
    assertThat(other.sources()).containsExactly("deploy.md");
    assertThat(mine.sources()).containsExactly("lunch.md");
    assertThat(other.search(MODEL.embed(List.of("when is lunch?")).getFirst(), 5, -1))
        .extracting(Hit::source)
        .containsOnly("deploy.md");
  }

  @Test
  void aStoreHoldingAnotherModelsVectorsForTheBaseIsRefused() throws Exception {
    VectorStore first = open("made-once", MODEL.model(), MODEL.dimension());
    new KnowledgeStore(first, MODEL, new TextSplitter(200, 20), 8)
        .ingest("a.md", "Some text to store.");
    assertThatThrownBy(() -> open("made-once", "openai:text-embedding-3-small", MODEL.dimension()))
        .hasMessageContaining("holds vectors of " + MODEL.model());
  }
}
