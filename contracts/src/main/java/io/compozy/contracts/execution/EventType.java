package io.compozy.contracts.execution;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/** The kinds of an execution's events: the SSE event names of API.md. */
public enum EventType {
  WORKFLOW_START,
  WORKFLOW_STATUS,
  TASK_STATUS,
  COMPLETE,
  ERROR,
  /** A signal arrived before any wait asked for it; it is kept for the wait. */
  SIGNAL_BUFFERED,
  /** A piece of a model's streamed answer: live only, never stored. */
  LLM_CHUNK;

  /** An event that carries the execution's new status. */
  public boolean isStatusChange() {
    return this == WORKFLOW_START || this == WORKFLOW_STATUS;
  }

  /** The last event of an execution. */
  public boolean isFinal() {
    return this == COMPLETE || this == ERROR;
  }

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static EventType fromWire(String value) {
    return Arrays.stream(values())
        .filter(t -> t.wireName().equals(value))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown event type: " + value));
  }
}
