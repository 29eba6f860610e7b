package io.compozy.execution.agent;

import io.compozy.contracts.message.AgentStep;
import io.compozy.contracts.message.ToolStep;
import io.compozy.contracts.schema.JsonSchemas;
import io.compozy.execution.stream.LlmChunks;
import io.compozy.execution.worker.NodeToolRunner;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Runs agent steps, each on its own virtual thread (model clients block on HTTP), so a slow model
 * holds no platform thread and never delays a tool step. Script tools run in the tool worker's
 * Node.js processes; answers stream their text to the execution's SSE readers.
 */
@Component
@EnableConfigurationProperties(AgentProperties.class)
class AgentRunner implements DisposableBean {
  /** Where the text of one step's answer is published as it arrives. */
  @FunctionalInterface
  interface ChunkPublisher {
    void publish(String execId, String taskId, int attempt, int index, String text);
  }

  private final ChatModels models;
  private final AgentLoop loop;
  private final @Nullable ChunkPublisher chunks;
  private final ExecutorService threads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("agent-", 0).factory());

  @Autowired
  AgentRunner(ChatModels models, NodeToolRunner nodeTools, ModelRateLimits limits, LlmChunks chunks, AgentProperties properties,
      Clock clock) {
    this(models, nodeTools(nodeTools, clock), limits, properties.stream() ? chunks::publish : null, properties, clock);
  }

  AgentRunner(ChatModels models, ToolCaller tools, CallGate gate, @Nullable ChunkPublisher chunks, AgentProperties properties,
      Clock clock) {
    this.models = models;
    this.chunks = chunks;
    this.loop = new AgentLoop(tools, gate, new JsonSchemas(), properties.toolConcurrency(), properties.maxConsecutiveToolErrors(), clock);
  }

  static ToolCaller nodeTools(NodeToolRunner nodeTools, Clock clock) {
    return (step, tool, callId, input) -> nodeTools.run(new ToolStep(step.messageId() + "/" + callId, step.execId(),
        step.workflowId(), step.taskId(), step.stepId() + "/" + callId, step.attempt(), tool.id(), input,
        tool.config() == null ? Map.of() : tool.config(), step.runtime(), step.deadline()), clock.instant());
  }

  CompletableFuture<AgentOutcome> run(AgentStep step) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        ChunkSink sink = chunks == null ? null : (index, text) -> chunks.publish(step.execId(), step.taskId(), step.attempt(), index, text);
        return loop.run(step, models.forModel(step.model(), step.runtime()), sink);
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
