package io.compozy.workflow.engine;

import io.compozy.contracts.message.StepError;
import org.jspecify.annotations.Nullable;

/** What entering a task gives: done at once, a step for a worker, or a failure. */
sealed interface Entry permits Entry.Completed, Entry.Dispatched, Entry.Failed {
  /** {@code next} overrides the usual successor (a router's route). */
  record Completed(@Nullable Object input, @Nullable Object output, @Nullable String next) implements Entry {}

  record Dispatched(@Nullable Object input, Effect.DispatchStep step) implements Entry {}

  record Failed(@Nullable Object input, StepError error) implements Entry {}
}
