package io.compozy.workflow.engine;

import io.compozy.contracts.message.ExecutionEvent;

/** What the shell must do after a decision: publish a step for a worker, or an event. */
public sealed interface Effect permits Effect.DispatchStep, Effect.EmitEvent {
  /** Send {@code step} (a record of {@code contracts.message}) to {@code topic}, keyed by execution. */
  record DispatchStep(String topic, String key, String messageId, Object step) implements Effect {}

  record EmitEvent(ExecutionEvent event) implements Effect {}
}
