package io.compozy.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class KnowledgeContextTest {
  static final List<Hit> HITS =
      List.of(
          new Hit("a", "docs/refunds.md", 0, "Refunds take five days.", 0.8),
          new Hit("b", "docs/oncall.md", 0, "Pages are answered within fifteen minutes.", 0.5));

  @Test
  void chunksAreShownAsCompozyShowsThemBeforeThePrompt() {
    String block =
        KnowledgeContext.block(
            List.of(
                new KnowledgeContext.Entry(KnowledgeContext.label("handbook", null), HITS, null)));
    assertThat(block)
        .isEqualTo(
            """
            Retrieved Knowledge (handbook):
            [1] score=0.800 tokens=4
            Refunds take five days.
            [2] score=0.500 tokens=6
            Pages are answered within fifteen minutes.\
            """);
    assertThat(KnowledgeContext.withPrompt(block, "How long do refunds take?"))
        .endsWith("minutes.\n\nHow long do refunds take?");
    assertThat(KnowledgeContext.withPrompt("", "Hi")).isEqualTo("Hi");
  }

  @Test
  void injectAsNamesTheBlockAndAFallbackStandsInForTooFewChunks() {
    assertThat(KnowledgeContext.label("handbook", "Company policies"))
        .isEqualTo("Company policies");
    String none =
        KnowledgeContext.block(
            List.of(
                new KnowledgeContext.Entry(
                    "Company policies", List.of(), KnowledgeContext.noKnowledge("handbook"))));
    assertThat(none).isEqualTo("Company policies:\nNo indexed knowledge available for handbook.");
  }

  @Test
  void theFarthestChunksAreDroppedUntilTheRestFitTheTokenBudget() {
    assertThat(KnowledgeContext.within(HITS, 5)).extracting(Hit::id).containsExactly("a");
    assertThat(KnowledgeContext.within(HITS, 2)).isEmpty();
    assertThat(KnowledgeContext.within(HITS, null)).hasSize(2);
  }
}
