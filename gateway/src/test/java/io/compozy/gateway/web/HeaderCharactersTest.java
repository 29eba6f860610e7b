package io.compozy.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;

class HeaderCharactersTest {

  @Test
  void acceptsWhatSpringSecuritysDefaultRulesAcceptForEveryCharacter() {
    for (int c = 0; c <= 0xffff; c++) {
      String s = "x" + (char) c + "y";
      assertThat(HeaderCharacters.allowedName(s))
          .as("name with U+%04X", c)
          .isEqualTo(StrictServerWebExchangeFirewall.ALLOWED_HEADER_NAMES.test(s));
      assertThat(HeaderCharacters.allowedValue(s))
          .as("value with U+%04X", c)
          .isEqualTo(StrictServerWebExchangeFirewall.ALLOWED_HEADER_VALUES.test(s));
    }
  }

  @Test
  void acceptsWhatTheDefaultRulesAcceptBeyondTheBasicPlane() {
    for (int codePoint : new int[] {0x1f600, 0x10000, 0xe0001, 0x2fffe, 0x10ffff, 0xf0000}) {
      String s = "a" + Character.toString(codePoint);
      assertThat(HeaderCharacters.allowedValue(s))
          .as("U+%X", codePoint)
          .isEqualTo(StrictServerWebExchangeFirewall.ALLOWED_HEADER_VALUES.test(s));
    }
  }

  @Test
  void refusesControlCharactersButTabsInValues() {
    assertThat(HeaderCharacters.allowedValue("a\tb")).isTrue();
    assertThat(HeaderCharacters.allowedName("a\tb")).isFalse();
    assertThat(HeaderCharacters.allowedValue("a\rb")).isFalse();
    assertThat(HeaderCharacters.allowedValue("a\u0085b")).isFalse();
    assertThat(HeaderCharacters.allowedValue(null))
        .isEqualTo(StrictServerWebExchangeFirewall.ALLOWED_HEADER_VALUES.test(null));
    assertThat(HeaderCharacters.allowedValue("")).isTrue();
  }
}
