package io.compozy.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class KnowledgeContextTest {
  static final List<Hit> HITS = List.of(new Hit("a", "docs/refunds.md", 0, "Refunds take five days.", 0.8),
      new Hit("b", "docs/oncall.md", 0, "Pages are answered within fifteen minutes.", 0.5));

  @Test
  void chunksAreInjectedAsCompozyFormatsThemWithinTheTokenBudget() {
    assertThat(KnowledgeContext.format("handbook", HITS, null)).isEqualTo("""
        <!-- knowledge:handbook -->
        ### docs/refunds.md
        Refunds take five days.

        ### docs/oncall.md
        Pages are answered within fifteen minutes.""");
    assertThat(KnowledgeContext.format("handbook", HITS, 5)).doesNotContain("oncall").contains("Refunds take five days.");
    assertThat(KnowledgeContext.format("handbook", HITS, 2)).isEmpty();
    assertThat(KnowledgeContext.format("handbook", List.of(), null)).isEmpty();
  }
}
