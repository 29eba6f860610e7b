package io.compozy.execution.agent;

import io.compozy.contracts.message.RetrievedChunk;
import io.compozy.contracts.message.StepError;
import io.compozy.contracts.message.StepSucceeded.Usage;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** What an agent step gave: its output or an error, and the tokens it spent either way. */
sealed interface AgentOutcome {
  Map<String, Usage> usage();

  /**
   * {@code answer} is the model's final text, as memories keep it; {@code knowledge} the chunks it
   * read.
   */
  record Succeeded(
      @Nullable Object output,
      Map<String, Usage> usage,
      String answer,
      List<RetrievedChunk> knowledge)
      implements AgentOutcome {
    Succeeded(@Nullable Object output, Map<String, Usage> usage, String answer) {
      this(output, usage, answer, List.of());
    }

    Succeeded withKnowledge(List<RetrievedChunk> read) {
      return new Succeeded(output, usage, answer, List.copyOf(read));
    }
  }

  record Failed(StepError error, boolean retryable, Map<String, Usage> usage)
      implements AgentOutcome {}
}
