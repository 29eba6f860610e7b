package io.compozy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExitCodeTest {
  @Test
  void eachKindOfAnswerHasItsCode() {
    assertThat(ExitCode.forStatus(401)).isEqualTo(ExitCode.DENIED);
    assertThat(ExitCode.forStatus(403)).isEqualTo(ExitCode.DENIED);
    assertThat(ExitCode.forStatus(404)).isEqualTo(ExitCode.NOT_FOUND);
    assertThat(ExitCode.forStatus(408)).isEqualTo(ExitCode.TIMED_OUT);
    assertThat(ExitCode.forStatus(422)).isEqualTo(ExitCode.REFUSED);
    assertThat(ExitCode.forStatus(409)).isEqualTo(ExitCode.REFUSED);
    assertThat(ExitCode.forStatus(429)).isEqualTo(ExitCode.UNAVAILABLE);
    assertThat(ExitCode.forStatus(503)).isEqualTo(ExitCode.UNAVAILABLE);
    assertThat(ExitCode.forStatus(500)).isEqualTo(ExitCode.SERVER_ERROR);
  }

  @Test
  void theNumbersAreTheOnesTheReadmeGives() {
    assertThat(ExitCode.values())
        .extracting(ExitCode::code)
        .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8);
  }
}
