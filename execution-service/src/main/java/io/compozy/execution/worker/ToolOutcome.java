package io.compozy.execution.worker;

import io.compozy.contracts.message.StepError;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What running a tool gave: an output, or an error and whether trying again may help; with what the
 * tool printed while it ran.
 */
public sealed interface ToolOutcome {
  List<String> logs();

  record Succeeded(@Nullable Object output, List<String> logs) implements ToolOutcome {
    public Succeeded(@Nullable Object output) {
      this(output, List.of());
    }
  }

  record Failed(StepError error, boolean retryable, List<String> logs) implements ToolOutcome {
    public Failed(StepError error, boolean retryable) {
      this(error, retryable, List.of());
    }
  }
}
