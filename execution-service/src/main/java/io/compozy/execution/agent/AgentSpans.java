package io.compozy.execution.agent;

import io.compozy.contracts.message.StepSucceeded.Usage;
import io.micrometer.tracing.Span;
import java.util.Map;

/**
 * What an agent step's span tells: the models called and their tokens (OpenTelemetry's gen_ai
 * names), or the error.
 */
final class AgentSpans {
  private AgentSpans() {}

  static void describe(Span span, AgentOutcome outcome) {
    Map<String, Usage> usage = outcome.usage();
    if (!usage.isEmpty()) {
      span.tag("gen_ai.request.model", String.join(",", usage.keySet()));
      span.tag(
          "gen_ai.usage.input_tokens",
          Long.toString(usage.values().stream().mapToLong(Usage::promptTokens).sum()));
      span.tag(
          "gen_ai.usage.output_tokens",
          Long.toString(usage.values().stream().mapToLong(Usage::completionTokens).sum()));
      span.tag(
          "gen_ai.calls",
          Integer.toString(usage.values().stream().mapToInt(Usage::requests).sum()));
    }
    if (outcome instanceof AgentOutcome.Failed f) {
      span.tag("error", f.error().type());
    }
  }
}
