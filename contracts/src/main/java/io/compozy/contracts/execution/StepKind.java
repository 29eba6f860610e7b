package io.compozy.contracts.execution;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The kinds of step a worker runs, each on its own topic. */
public enum StepKind {
  TOOL,
  AGENT,
  MEMORY;

  @JsonValue
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The kind a stored label names. */
  public static StepKind fromLabel(String label) {
    return valueOf(label.toUpperCase(Locale.ROOT));
  }
}
