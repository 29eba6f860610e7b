package io.compozy.execution.agent;

import io.compozy.contracts.message.StepError;
import io.compozy.contracts.message.StepSucceeded.Usage;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** What an agent step gave: its output or an error, and the tokens it spent either way. */
sealed interface AgentOutcome {
  Map<String, Usage> usage();

  /** {@code answer} is the model's final text, as memories keep it. */
  record Succeeded(@Nullable Object output, Map<String, Usage> usage, String answer) implements AgentOutcome {}

  record Failed(StepError error, boolean retryable, Map<String, Usage> usage) implements AgentOutcome {}
}
