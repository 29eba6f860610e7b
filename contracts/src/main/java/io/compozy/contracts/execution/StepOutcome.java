package io.compozy.contracts.execution;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How a worker's run of a step ended (a failure may still be retried by the orchestrator). */
public enum StepOutcome {
  SUCCEEDED,
  FAILED;

  public static StepOutcome of(boolean succeeded) {
    return succeeded ? SUCCEEDED : FAILED;
  }

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The outcome a stored name says. */
  public static StepOutcome fromWire(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
