package io.compozy.execution.agent;

import io.compozy.contracts.dsl.ToolDef;
import io.compozy.contracts.message.AgentStep;
import io.compozy.execution.worker.ToolOutcome;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Runs one tool an agent asked for. */
@FunctionalInterface
interface ToolCaller {
  CompletableFuture<ToolOutcome> call(
      AgentStep step, ToolDef tool, String callId, Map<String, Object> input);
}
