package io.compozy.workflow.engine;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Work a pause held back until the resume: a retry whose backoff ran out, a step on to the next
 * task after a sleep, a finished child's result passed up to its container. Stored in the state as
 * {@code kind:path} (the form states written before this type still hold).
 */
public record DeferredWork(Kind kind, String path) {
  public enum Kind {
    PROPAGATE,
    RETRY,
    ADVANCE
  }

  @JsonValue
  String wire() {
    return kind.name().toLowerCase(Locale.ROOT) + ":" + path;
  }

  @JsonCreator
  static DeferredWork fromWire(String value) {
    int colon = value.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("deferred work without a kind: " + value);
    }
    return new DeferredWork(
        Kind.valueOf(value.substring(0, colon).toUpperCase(Locale.ROOT)),
        value.substring(colon + 1));
  }
}
