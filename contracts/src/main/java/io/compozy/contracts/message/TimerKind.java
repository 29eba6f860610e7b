package io.compozy.contracts.message;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/** What a durable timer is for; its wire name is also part of the timer's id. */
public enum TimerKind {
  /** A failed attempt's backoff ran out: try again. */
  RETRY,
  /** An attempt ran past its {@code start_to_close_timeout}. */
  STEP_TIMEOUT,
  /** A task ran past its {@code schedule_to_close_timeout}, retries included. */
  DEADLINE,
  /** A parallel, collection or composite task ran past its {@code timeout}. */
  CONTAINER_TIMEOUT,
  /** A wait task's {@code timeout} came before its signal. */
  WAIT_TIMEOUT,
  /** A task's {@code sleep} after it finished is over: go on. */
  SLEEP;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static TimerKind fromWire(String value) {
    return Arrays.stream(values())
        .filter(k -> k.wireName().equals(value))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown timer kind: " + value));
  }
}
