package io.compozy.execution.knowledge;

import java.util.Locale;

/**
 * Where an ingestion job is: waiting, reading documents, deleting what left the sources, or ended.
 */
public enum IngestStatus {
  QUEUED,
  RUNNING,
  FINISHING,
  SUCCEEDED,
  FAILED,
  CANCELED;

  /** The name in the API, in Redis and in events: lower case. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static IngestStatus ofWire(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }

  public boolean ended() {
    return this == SUCCEEDED || this == FAILED || this == CANCELED;
  }

  /** A job can be canceled until it ends. */
  public boolean cancelable() {
    return !ended();
  }
}
