package io.compozy.cli.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {
  private static List<SseEvent> parse(String text) {
    SseParser p = new SseParser();
    List<SseEvent> out = new ArrayList<>();
    text.lines().forEach(l -> p.line(l).ifPresent(out::add));
    p.line("").ifPresent(out::add);
    return out;
  }

  @Test
  void eventsEndAtABlankLineAndPingsAreSkipped() {
    List<SseEvent> events =
        parse(
            """
            :ping

            id: 3
            event: task_status
            data: {"task_id":"a"}

            event: llm_chunk
            data:{"text":"hi"}
            data: more

            """);
    assertThat(events)
        .containsExactly(
            new SseEvent("3", "task_status", "{\"task_id\":\"a\"}"),
            new SseEvent(null, "llm_chunk", "{\"text\":\"hi\"}\nmore"));
  }

  @Test
  void anEventWithoutANameIsAMessageAndUnknownFieldsAreIgnored() {
    assertThat(parse("retry: 100\ndata: x\n")).containsExactly(new SseEvent(null, "message", "x"));
  }

  @Test
  void anEndlessEventIsRefusedNotBuffered() {
    SseParser p = new SseParser();
    String chunk = "data: " + "x".repeat(1024 * 1024);
    assertThatThrownBy(
            () -> {
              for (int i = 0; i < 10; i++) {
                p.line(chunk);
              }
            })
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("larger than");
  }
}
