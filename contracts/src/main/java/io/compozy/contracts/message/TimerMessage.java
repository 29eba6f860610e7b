package io.compozy.contracts.message;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;

/** What the orchestrator asks of the scheduler's durable timers, on {@code compozy.timers} keyed by execution. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = TimerMessage.TimerRequested.class, name = "timer_requested"),
  @JsonSubTypes.Type(value = TimerMessage.TimerCanceled.class, name = "timer_canceled")
})
public sealed interface TimerMessage {
  String timerId();

  String execId();

  /** Fire {@code fired} on {@code compozy.commands} at {@code fireAt}; a repeated request with the same id keeps one timer. */
  record TimerRequested(String timerId, String execId, Instant fireAt, TimerFired fired) implements TimerMessage {}

  record TimerCanceled(String timerId, String execId) implements TimerMessage {}
}
