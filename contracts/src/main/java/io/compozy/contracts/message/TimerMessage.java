package io.compozy.contracts.message;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import java.util.List;

/**
 * What the orchestrator asks of the scheduler's durable timers, on {@code compozy.timers} keyed by
 * execution.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = TimerMessage.TimerRequested.class, name = "timer_requested"),
  @JsonSubTypes.Type(value = TimerMessage.TimerCanceled.class, name = "timer_canceled"),
  @JsonSubTypes.Type(value = TimerMessage.TimerChanges.class, name = "timer_changes")
})
public sealed interface TimerMessage {
  String execId();

  /** One request or cancellation of one timer. */
  sealed interface TimerChange extends TimerMessage {
    String timerId();
  }

  /**
   * Fire {@code fired} on {@code compozy.commands} at {@code fireAt}; a repeated request with the
   * same id keeps one timer.
   */
  record TimerRequested(String timerId, String execId, Instant fireAt, TimerFired fired)
      implements TimerChange {}

  record TimerCanceled(String timerId, String execId) implements TimerChange {}

  /**
   * Every change one decision batch made to an execution's timers, in the order decided: one
   * message where a step used to cost four (its two timers set, then canceled).
   */
  record TimerChanges(String execId, List<TimerChange> changes) implements TimerMessage {
    public TimerChanges {
      changes = List.copyOf(changes);
    }
  }
}
