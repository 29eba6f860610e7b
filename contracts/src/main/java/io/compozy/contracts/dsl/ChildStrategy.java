package io.compozy.contracts.dsl;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/**
 * How a parallel, composite or collection task ends as its children end: all of them awaited, the
 * first failure ends it, failures tolerated, or the first success wins.
 */
public enum ChildStrategy {
  /** Every child runs to its end; the task fails when any failed. */
  WAIT_ALL,
  /** The first failure cancels the rest and fails the task. */
  FAIL_FAST,
  /** Every child runs to its end; the task succeeds whatever failed. */
  BEST_EFFORT,
  /** The first success cancels the rest and wins; the task fails only when every child failed. */
  RACE;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static ChildStrategy fromWire(String value) {
    return Arrays.stream(values())
        .filter(s -> s.wireName().equals(value))
        .findFirst()
        .orElseThrow(() -> WireNames.unknown(value, values()));
  }
}
