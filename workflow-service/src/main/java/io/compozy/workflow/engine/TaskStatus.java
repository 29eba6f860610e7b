package io.compozy.workflow.engine;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The status of one task of an execution. */
public enum TaskStatus {
  PENDING,
  RUNNING,
  SUCCESS,
  FAILED,
  SKIPPED,
  CANCELED;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
