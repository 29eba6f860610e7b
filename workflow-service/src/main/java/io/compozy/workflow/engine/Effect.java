package io.compozy.workflow.engine;

import io.compozy.contracts.message.ExecutionEvent;
import io.compozy.contracts.message.TimerFired;
import java.time.Instant;
import java.util.Map;

/** What the shell must do after a decision. */
public sealed interface Effect
    permits Effect.DispatchStep,
        Effect.EmitEvent,
        Effect.SetTimer,
        Effect.CancelTimer,
        Effect.PublishEvent {
  /**
   * Send {@code step} (a record of {@code contracts.message}) to {@code topic}, keyed by execution.
   */
  record DispatchStep(String topic, String key, String messageId, Object step) implements Effect {}

  record EmitEvent(ExecutionEvent event) implements Effect {}

  /** Ask the scheduler for a durable timer that sends {@code fired} back at {@code fireAt}. */
  record SetTimer(String timerId, Instant fireAt, TimerFired fired) implements Effect {}

  record CancelTimer(String timerId) implements Effect {}

  /** Publish a CloudEvent (structured mode) on {@code compozy.events}: what a signal task emits. */
  record PublishEvent(String eventId, Map<String, Object> cloudEvent) implements Effect {}
}
