package io.compozy.execution.agent;

import io.compozy.contracts.message.AgentStep;
import io.compozy.contracts.message.ToolStep;
import io.compozy.contracts.schema.JsonSchemas;
import io.compozy.execution.worker.NodeToolRunner;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Runs agent steps, each on its own virtual thread (model clients block on HTTP), so a slow model
 * holds no platform thread and never delays a tool step. Script tools run in the tool worker's
 * Node.js processes.
 */
@Component
@EnableConfigurationProperties(AgentProperties.class)
class AgentRunner implements DisposableBean {
  private final ChatModels models;
  private final AgentLoop loop;
  private final ExecutorService threads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("agent-", 0).factory());

  AgentRunner(ChatModels models, NodeToolRunner nodeTools, AgentProperties properties, Clock clock) {
    this.models = models;
    ToolCaller tools = (step, tool, callId, input) -> nodeTools.run(new ToolStep(step.messageId() + "/" + callId, step.execId(),
        step.workflowId(), step.taskId(), step.stepId() + "/" + callId, step.attempt(), tool.id(), input,
        tool.config() == null ? Map.of() : tool.config(), step.runtime(), step.deadline()), clock.instant());
    this.loop = new AgentLoop(tools, new JsonSchemas(), properties.toolConcurrency(), properties.maxConsecutiveToolErrors(), clock);
  }

  CompletableFuture<AgentOutcome> run(AgentStep step) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return loop.run(step, models.forModel(step.model(), step.runtime()));
      } catch (RuntimeException e) {
        ProviderErrors.Classified c = ProviderErrors.classify(e, ChatModels.label(step.model()));
        return new AgentOutcome.Failed(c.error(), c.retryable(), Map.of());
      }
    }, threads);
  }

  @Override
  public void destroy() {
    threads.shutdownNow();
  }
}
