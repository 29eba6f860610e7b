package io.compozy.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class BearerKeyConverterTest {
  /** The rule as a regular expression, which the converter used before it parsed by hand. */
  private static final Pattern RULE = Pattern.compile("(?i)^bearer +([^\\s]+)\\s*$");

  @Test
  void readsTheKeyOfABearerHeaderInAnyCaseWithSpacesAround() {
    assertThat(BearerKeyConverter.keyOf("Bearer cpzy_abc")).isEqualTo("cpzy_abc");
    assertThat(BearerKeyConverter.keyOf("bEaReR    cpzy_abc \t")).isEqualTo("cpzy_abc");
  }

  @Test
  void refusesEveryOtherShape() {
    for (String header :
        List.of(
            "",
            "Bearer",
            "Bearer ",
            "Bearer  ",
            "Basic dXNlcjpwYXNz",
            "Bearercpzy_abc",
            "Bearer\tcpzy_abc",
            "Bearer a b",
            "Bearer a\nb",
            " Bearer a",
            "Token a")) {
      assertThat(BearerKeyConverter.keyOf(header)).as("'%s'", header).isNull();
    }
  }

  @Test
  void agreesWithTheRegularExpressionOnManyHeaders() {
    String[] pieces = {
      "Bearer", "bearer", "BEARER", "Bearer:", " ", "  ", "\t", "\r\n", "\u000b", "\f", "a",
      "cpzy_x", "é", "\u00a0", ""
    };
    Random random = new Random(7);
    for (int n = 0; n < 50_000; n++) {
      StringBuilder header = new StringBuilder();
      int parts = 1 + random.nextInt(5);
      for (int i = 0; i < parts; i++) {
        header.append(pieces[random.nextInt(pieces.length)]);
      }
      String h = header.toString();
      Matcher m = RULE.matcher(h);
      assertThat(BearerKeyConverter.keyOf(h))
          .as("'%s'", h)
          .isEqualTo(m.matches() ? m.group(1) : null);
    }
  }
}
