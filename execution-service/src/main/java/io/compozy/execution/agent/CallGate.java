package io.compozy.execution.agent;

import io.compozy.contracts.dsl.ModelDef;
import java.time.Instant;

/** Decides when a model may be called: its rate limits ({@link ModelRateLimits}). */
@FunctionalInterface
interface CallGate {
  /** No limits: every call goes at once. */
  CallGate OPEN = (model, deadline) -> tokens -> {};

  /**
   * Waits for a turn; throws a retryable {@link ProviderException} when none comes before the
   * deadline.
   */
  Turn acquire(ModelDef model, Instant deadline);

  /** A taken turn, released after the call with the tokens it spent. */
  @FunctionalInterface
  interface Turn {
    void release(long tokens);
  }
}
