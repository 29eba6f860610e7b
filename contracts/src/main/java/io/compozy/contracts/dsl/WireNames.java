package io.compozy.contracts.dsl;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The one way an enum of the language says it does not know a name: with the names it knows. */
final class WireNames {
  private WireNames() {}

  static IllegalArgumentException unknown(String value, Enum<?>[] known) {
    return new IllegalArgumentException(
        "'"
            + value
            + "' is not one of "
            + Arrays.stream(known)
                .map(e -> e.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", ")));
  }
}
