package io.compozy.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TextSplitterTest {
  @Test
  void shortTextIsOneChunkAndLongTextIsCutAtParagraphsThenSentences() {
    TextSplitter s = new TextSplitter(60, 10);
    assertThat(s.split("a.md", "Just one line."))
        .extracting(Chunk::text)
        .containsExactly("Just one line.");
    String text =
        "First paragraph is here.\n\n"
            + "Second paragraph, a bit longer than the first one. It has two sentences.\n\n"
            + "Third.";
    List<Chunk> chunks = s.split("a.md", text);
    assertThat(chunks).allSatisfy(c -> assertThat(c.text().length()).isLessThanOrEqualTo(60));
    assertThat(chunks.getFirst().text()).isEqualTo("First paragraph is here.");
    assertThat(String.join(" ", chunks.stream().map(Chunk::text).toList()))
        .contains("It has two sentences.")
        .contains("Third.");
    assertThat(chunks)
        .extracting(Chunk::index)
        .containsExactly(IntStream.range(0, chunks.size()).boxed().toArray(Integer[]::new));
  }

  @Test
  void aWordLongerThanTheSizeIsCutAndEachChunkRepeatsTheOverlap() {
    List<Chunk> chunks = new TextSplitter(10, 3).split("x", "abcdefghijklmnopqrstuvwxyz");
    assertThat(chunks)
        .extracting(Chunk::text)
        .containsExactly("abcdefg", "efghijklmn", "lmnopqrstu", "stuvwxyz");
  }

  @Test
  void idsDependOnSourcePositionAndTextOnly() {
    TextSplitter s = new TextSplitter(40, 0);
    assertThat(s.split("a", "same text")).isEqualTo(s.split("a", "same text"));
    assertThat(s.split("a", "same text").getFirst().id())
        .isNotEqualTo(s.split("b", "same text").getFirst().id());
    assertThat(s.split("a", "same text").getFirst().id())
        .isNotEqualTo(s.split("a", "other text").getFirst().id());
  }

  @Test
  void badSizesAreRefused() {
    assertThatThrownBy(() -> new TextSplitter(0, 0)).hasMessageContaining("at least 1");
    assertThatThrownBy(() -> new TextSplitter(10, 10)).hasMessageContaining("less than the size");
  }
}
