package io.compozy.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import io.compozy.knowledge.RetrievalStages.Kind;
import io.compozy.knowledge.RetrievalStages.Stage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetrievalStagesTest {
  @Test
  void thePromptThenItsKeywordsThenItsFocus() {
    assertThat(
            RetrievalStages.of(
                "Hi! Please tell me: when will the refund for my order reach my card?\n"
                    + "Thanks, Ann"))
        .containsExactly(
            new Stage(
                Kind.INITIAL,
                "Hi! Please tell me: when will the refund for my order reach my card?\n"
                    + "Thanks, Ann"),
            new Stage(Kind.KEYWORDS, "tell will refund order reach card thanks ann"),
            new Stage(Kind.FOCUS, "Thanks, Ann"));
  }

  @Test
  void aQueryAnEarlierStageTriedIsNotTriedAgain() {
    // one line, no question mark: its focus is the prompt itself
    assertThat(RetrievalStages.of("refund policy"))
        .containsExactly(new Stage(Kind.INITIAL, "refund policy"));
    // ends with its question: its focus is the prompt again
    assertThat(RetrievalStages.of("What is the refund policy?"))
        .containsExactly(
            new Stage(Kind.INITIAL, "What is the refund policy?"),
            new Stage(Kind.KEYWORDS, "refund policy"));
    assertThat(RetrievalStages.of("   ")).isEmpty();
  }

  @Test
  void eachStageIsSearchedUntilOneFindsEnough() {
    Hit refund = new Hit("c1", "refunds.md", 0, "Refunds take five days.", 0.8);
    List<String> asked = new ArrayList<>();
    // a search that finds the refund chunk only for a query without the greeting's noise
    RetrievalStages.Found found =
        RetrievalStages.search(
            "Hello team, hope you are well! refund delay",
            1,
            q -> {
              asked.add(q);
              return q.equals("refund delay") ? List.of(refund) : List.of();
            });
    assertThat(asked)
        .containsExactly(
            "Hello team, hope you are well! refund delay",
            "hello team hope you are well refund delay",
            "refund delay");
    assertThat(found).isEqualTo(new RetrievalStages.Found(Kind.FOCUS, List.of(refund)));
    // enough at once: nothing more is asked
    asked.clear();
    assertThat(
            RetrievalStages.search(
                    "refund delay?",
                    1,
                    q -> {
                      asked.add(q);
                      return List.of(refund);
                    })
                .stage())
        .isEqualTo(Kind.INITIAL);
    assertThat(asked).hasSize(1);
    // never enough: the last stage's chunks, fewer than asked
    assertThat(RetrievalStages.search("Hello! refund delay", 2, q -> List.of(refund)).hits())
        .hasSize(1);
  }

  @Test
  void keywordsAndFocusAreBounded() {
    assertThat(RetrievalStages.keywords("alpha ".repeat(100)).split(" "))
        .hasSize(RetrievalStages.MAX_KEYWORDS);
    assertThat(RetrievalStages.focus("x".repeat(2_000))).hasSize(RetrievalStages.MAX_FOCUS);
    assertThat(RetrievalStages.of("y".repeat(5_000)).getFirst().query())
        .hasSize(RetrievalStages.MAX_QUERY);
  }
}
