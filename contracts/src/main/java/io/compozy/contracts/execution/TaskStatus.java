package io.compozy.contracts.execution;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/**
 * The status of one task of an execution. {@code waiting} is a task that waits for a timer (a
 * retry's backoff, a sleep) or a signal; {@code pending} a container's child not started yet.
 */
public enum TaskStatus {
  PENDING,
  RUNNING,
  WAITING,
  SUCCESS,
  FAILED,
  SKIPPED,
  CANCELED;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static TaskStatus fromWire(String value) {
    return Arrays.stream(values())
        .filter(s -> s.wireName().equals(value))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown task status: " + value));
  }

  public boolean isFinished() {
    return this == SUCCESS || this == FAILED || this == SKIPPED || this == CANCELED;
  }

  public boolean isActive() {
    return this == RUNNING || this == WAITING;
  }
}
