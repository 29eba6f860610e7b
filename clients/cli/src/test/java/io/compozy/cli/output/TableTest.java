package io.compozy.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TableTest {
  @Test
  void columnsAreAsWideAsTheirWidestCellAndCellsStayOnOneLine() {
    String t =
        new Table("id", "status")
            .row("wf-1", "success")
            .row("a-much-longer-id", null)
            .row("x", "line\nbreak")
            .render();
    assertThat(t)
        .isEqualTo(
            """
            ID                 STATUS
            wf-1               success
            a-much-longer-id   -
            x                  line break
            """);
  }
}
