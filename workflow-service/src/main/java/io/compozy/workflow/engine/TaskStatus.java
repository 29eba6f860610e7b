package io.compozy.workflow.engine;

import com.fasterxml.jackson.annotation.JsonValue;
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

  public boolean isFinished() {
    return this == SUCCESS || this == FAILED || this == SKIPPED || this == CANCELED;
  }

  public boolean isActive() {
    return this == RUNNING || this == WAITING;
  }
}
