package io.compozy.execution.agent;

import io.compozy.contracts.message.AgentStep;
import io.compozy.contracts.message.ToolStep;
import io.compozy.contracts.schema.JsonSchemas;
import io.compozy.contracts.message.StepError;
import io.compozy.execution.memory.MemoryException;
import io.compozy.execution.memory.MemoryMessage;
import io.compozy.execution.memory.MemoryStore;
import io.compozy.execution.stream.LlmChunks;
import java.util.ArrayList;
import java.util.List;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;
import io.compozy.execution.worker.Tools;
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
  private final @Nullable MemoryStore memories;
  private final ExecutorService threads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("agent-", 0).factory());

  @Autowired
  AgentRunner(ChatModels models, Tools tools, ModelRateLimits limits, LlmChunks chunks, MemoryStore memories,
      AgentProperties properties, Clock clock) {
    this(models, tools(tools), limits, properties.stream() ? chunks::publish : null, memories, properties, clock);
  }

  AgentRunner(ChatModels models, ToolCaller tools, CallGate gate, @Nullable ChunkPublisher chunks, @Nullable MemoryStore memories,
      AgentProperties properties, Clock clock) {
    this.models = models;
    this.chunks = chunks;
    this.memories = memories;
    this.loop = new AgentLoop(tools, gate, new JsonSchemas(), properties.toolConcurrency(), properties.maxConsecutiveToolErrors(), clock);
  }

  /** The agent's tool calls run as tool steps do: built-ins, http tools and script tools alike. */
  static ToolCaller tools(Tools tools) {
    return (step, tool, callId, input) -> tools.run(new ToolStep(step.messageId() + "/" + callId, step.execId(),
        step.workflowId(), step.taskId(), step.stepId() + "/" + callId, step.attempt(), tool.id(), input,
        tool.config() == null ? Map.of() : tool.config(), step.runtime(), step.deadline(), tool));
  }

  CompletableFuture<AgentOutcome> run(AgentStep step) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        ChunkSink sink = chunks == null ? null : (index, text) -> chunks.publish(step.execId(), step.taskId(), step.attempt(), index, text);
        AgentOutcome outcome = loop.run(step, models.forModel(step.model(), step.runtime()), sink, history(step));
        if (outcome instanceof AgentOutcome.Succeeded done) {
          remember(step, done.answer());
        }
        return outcome;
      } catch (MemoryException e) {
        return new AgentOutcome.Failed(new StepError("invalid_memory_operation", e.pointer() + ": " + e.getMessage()), false, Map.of());
      } catch (RuntimeException e) {
        ProviderErrors.Classified c = ProviderErrors.classify(e, ChatModels.label(step.model()));
        return new AgentOutcome.Failed(c.error(), c.retryable(), Map.of());
      }
    }, threads);
  }

  /** The messages of the agent's memories, oldest first, as the model will read them. */
  private List<Message> history(AgentStep step) {
    List<Message> out = new ArrayList<>();
    for (AgentStep.MemoryBinding binding : step.memoriesOrEmpty()) {
      for (MemoryMessage m : memoryStore().read(binding.memory(), binding.key()).block()) {
        out.add(switch (m.role()) {
          case "assistant" -> new AssistantMessage(m.content());
          case "system" -> new SystemMessage(m.content());
          default -> new UserMessage(m.content());
        });
      }
    }
    return out;
  }

  /** The prompt and the answer go into every memory the agent may write. */
  private void remember(AgentStep step, String answer) {
    for (AgentStep.MemoryBinding binding : step.memoriesOrEmpty()) {
      if (!binding.readOnly()) {
        memoryStore().append(binding.memory(), binding.key(),
            List.of(MemoryMessage.of("user", step.prompt()), MemoryMessage.of("assistant", answer))).block();
      }
    }
  }

  private MemoryStore memoryStore() {
    if (memories == null) {
      throw new IllegalStateException("this agent runner has no memory store");
    }
    return memories;
  }

  @Override
  public void destroy() {
    threads.shutdownNow();
  }
}
