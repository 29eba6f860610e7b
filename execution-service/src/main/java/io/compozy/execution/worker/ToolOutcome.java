package io.compozy.execution.worker;

import io.compozy.contracts.message.StepError;
import org.jspecify.annotations.Nullable;

/** What running a tool gave: an output, or an error and whether trying again may help. */
public sealed interface ToolOutcome {
  record Succeeded(@Nullable Object output) implements ToolOutcome {}

  record Failed(StepError error, boolean retryable) implements ToolOutcome {}
}
