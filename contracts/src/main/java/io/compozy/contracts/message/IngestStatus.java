package io.compozy.contracts.message;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
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
  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
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
