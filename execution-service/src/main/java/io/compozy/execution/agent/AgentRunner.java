package io.compozy.execution.agent;

import io.compozy.contracts.dsl.McpDef;
import io.compozy.contracts.dsl.ToolDef;
import io.compozy.contracts.message.AgentStep;
import io.compozy.contracts.message.RetrievedChunk;
import io.compozy.contracts.message.StepError;
import io.compozy.contracts.message.ToolStep;
import io.compozy.contracts.schema.JsonSchemas;
import io.compozy.execution.mcp.McpClients;
import io.compozy.execution.mcp.McpException;
import io.compozy.execution.memory.MemoryException;
import io.compozy.execution.memory.MemoryMessage;
import io.compozy.execution.memory.MemoryStore;
import io.compozy.execution.stream.LlmChunks;
import io.compozy.execution.worker.AttachmentLoader;
import io.compozy.execution.worker.ToolFailure;
import io.compozy.execution.worker.ToolOutcome;
import io.compozy.execution.worker.Tools;
import io.compozy.knowledge.Hit;
import io.compozy.knowledge.KnowledgeContext;
import io.compozy.knowledge.KnowledgeException;
import io.compozy.knowledge.KnowledgeSearch;
import io.compozy.knowledge.RetrievalStages;
import io.compozy.support.tracing.TraceSpans;
import io.opentelemetry.context.Context;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.content.Media;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.stereotype.Component;
import org.springframework.util.MimeType;

/**
 * Runs agent steps, each on its own virtual thread (model clients block on HTTP), so a slow model
 * holds no platform thread and never delays a tool step. Script tools run in the tool worker's
 * Node.js processes; answers stream their text to the execution's SSE readers.
 */
@Component
@EnableConfigurationProperties(AgentProperties.class)
class AgentRunner implements DisposableBean {
  private static final Logger log = LoggerFactory.getLogger(AgentRunner.class);

  /** Where the text of one step's answer is published as it arrives. */
  @FunctionalInterface
  interface ChunkPublisher {
    void publish(String execId, String taskId, int attempt, int index, String text);
  }

  private final ChatModels models;
  private final AgentLoop loop;
  private final @Nullable ChunkPublisher chunks;
  private final @Nullable MemoryStore memories;
  private final @Nullable McpClients mcp;
  private final @Nullable AttachmentLoader attachments;
  private final @Nullable KnowledgeSearch knowledge;
  private final ExecutorService threads =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("agent-", 0).factory());

  @Autowired
  AgentRunner(
      ChatModels models,
      Tools tools,
      McpClients mcp,
      ModelRateLimits limits,
      LlmChunks chunks,
      MemoryStore memories,
      AttachmentLoader attachments,
      KnowledgeSearch knowledge,
      AgentProperties properties,
      Clock clock,
      TraceSpans spans) {
    this(
        models,
        withMcp(tools(tools), mcp),
        mcp,
        limits,
        properties.stream() ? chunks::publish : null,
        memories,
        attachments,
        knowledge,
        properties,
        clock);
    this.spans = spans;
    loop.traceWith(spans);
  }

  /**
   * The agent step's span is current on the thread that runs it: each model call is a span under
   * it.
   */
  private volatile TraceSpans spans = TraceSpans.none();

  AgentRunner(
      ChatModels models,
      ToolCaller tools,
      @Nullable McpClients mcp,
      CallGate gate,
      @Nullable ChunkPublisher chunks,
      @Nullable MemoryStore memories,
      AgentProperties properties,
      Clock clock) {
    this(models, tools, mcp, gate, chunks, memories, null, properties, clock);
  }

  AgentRunner(
      ChatModels models,
      ToolCaller tools,
      @Nullable McpClients mcp,
      CallGate gate,
      @Nullable ChunkPublisher chunks,
      @Nullable MemoryStore memories,
      @Nullable AttachmentLoader attachments,
      AgentProperties properties,
      Clock clock) {
    this(models, tools, mcp, gate, chunks, memories, attachments, null, properties, clock);
  }

  AgentRunner(
      ChatModels models,
      ToolCaller tools,
      @Nullable McpClients mcp,
      CallGate gate,
      @Nullable ChunkPublisher chunks,
      @Nullable MemoryStore memories,
      @Nullable AttachmentLoader attachments,
      @Nullable KnowledgeSearch knowledge,
      AgentProperties properties,
      Clock clock) {
    this.models = models;
    this.attachments = attachments;
    this.knowledge = knowledge;
    this.mcp = mcp;
    this.chunks = chunks;
    this.memories = memories;
    this.loop =
        new AgentLoop(
            tools,
            gate,
            new JsonSchemas(),
            properties.toolConcurrency(),
            properties.maxConsecutiveToolErrors(),
            clock);
  }

  /** MCP tools go to their server (on a virtual thread: the client blocks); the others go on. */
  static ToolCaller withMcp(ToolCaller others, McpClients mcp) {
    return (step, tool, callId, input) -> {
      if (!"mcp".equals(tool.type())) {
        return others.call(step, tool, callId, input);
      }
      Object server = tool.config() == null ? null : tool.config().get("mcp_server");
      McpDef def =
          step.mcpsOrEmpty().stream().filter(m -> m.id().equals(server)).findFirst().orElse(null);
      if (def == null) {
        return CompletableFuture.completedFuture(
            new ToolOutcome.Failed(
                new StepError(
                    "tool_not_found", "MCP server '" + server + "' is not one of this agent's"),
                false));
      }
      // the MCP call's span goes under the agent's: the calling thread's trace context goes with it
      return CompletableFuture.supplyAsync(
          Context.current()
              .wrapSupplier(
                  () -> {
                    try {
                      McpClients.Result r = mcp.call(def, tool.id(), input);
                      return r.error()
                          ? new ToolOutcome.Failed(new StepError("tool_error", r.text()), true)
                          : new ToolOutcome.Succeeded(
                              r.structured() != null ? r.structured() : r.text());
                    } catch (McpException e) {
                      return new ToolOutcome.Failed(
                          new StepError("mcp_unavailable", e.getMessage()), true);
                    }
                  }),
          Thread::startVirtualThread);
    };
  }

  /** The agent's tool calls run as tool steps do: built-ins, http tools and script tools alike. */
  static ToolCaller tools(Tools tools) {
    return (step, tool, callId, input) ->
        tools.run(
            new ToolStep(
                step.messageId() + "/" + callId,
                step.execId(),
                step.workflowId(),
                step.taskId(),
                step.stepId() + "/" + callId,
                step.attempt(),
                tool.id(),
                input,
                tool.config() == null ? Map.of() : tool.config(),
                step.runtime(),
                step.deadline(),
                tool));
  }

  CompletableFuture<AgentOutcome> run(AgentStep asked) {
    return run(asked, null);
  }

  /** {@code span}: the step's span, under which each model call is one. */
  CompletableFuture<AgentOutcome> run(AgentStep asked, io.micrometer.tracing.@Nullable Span span) {
    // with a model override, usage, rate limits and errors are the model actually called
    AgentStep step = asked.withModel(models.overridden(asked.model()));
    return CompletableFuture.supplyAsync(
        () -> span == null ? runHere(step) : spans.inSpan(span, () -> runHere(step)), threads);
  }

  private AgentOutcome runHere(AgentStep step) {
    try {
      ChunkSink sink =
          chunks == null
              ? null
              : (index, text) ->
                  chunks.publish(step.execId(), step.taskId(), step.attempt(), index, text);
      AgentStep withServers =
          step.mcpsOrEmpty().isEmpty() ? step : step.withTools(withMcpTools(step));
      Retrieval retrieval = retrieve(step);
      AgentStep offered =
          retrieval.toolsWithheld() ? withServers.withTools(List.of()) : withServers;
      AgentOutcome outcome =
          loop.run(
              offered,
              models.forModel(step.model(), step.runtime()),
              sink,
              history(step),
              prompt(step, retrieval.block()));
      if (outcome instanceof AgentOutcome.Succeeded done) {
        remember(step, done.answer());
        return done.withKnowledge(retrieval.read());
      }
      return outcome;
    } catch (McpException e) {
      return new AgentOutcome.Failed(
          new StepError("mcp_unavailable", e.getMessage()), true, Map.of());
    } catch (ToolFailure e) {
      return new AgentOutcome.Failed(
          new StepError(e.type(), e.getMessage()), e.retryable(), Map.of());
    } catch (KnowledgeException e) {
      return new AgentOutcome.Failed(
          new StepError("knowledge_unavailable", e.getMessage()), false, Map.of());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new AgentOutcome.Failed(
          new StepError("agent_interrupted", "the agent call was interrupted"), true, Map.of());
    } catch (MemoryException e) {
      return new AgentOutcome.Failed(
          new StepError("invalid_memory_operation", e.pointer() + ": " + e.getMessage()),
          false,
          Map.of());
    } catch (RuntimeException e) {
      ProviderErrors.Classified c = ProviderErrors.classify(e, ChatModels.label(step.model()));
      return new AgentOutcome.Failed(c.error(), c.retryable(), Map.of());
    }
  }

  /** The agent's own tools, then its MCP servers' (an own tool wins a name clash). */
  private List<ToolDef> withMcpTools(AgentStep step) {
    if (mcp == null) {
      throw new IllegalStateException("this agent runner has no MCP clients");
    }
    List<ToolDef> all = new ArrayList<>(step.tools());
    for (McpDef server : step.mcpsOrEmpty()) {
      for (ToolDef t : mcp.tools(server)) {
        if (all.stream().noneMatch(o -> o.id().equals(t.id()))) {
          all.add(t);
        }
      }
    }
    return all;
  }

  /**
   * The user's message: the prompt, then the text of each text attachment under its name; the other
   * attachments ride along as media.
   */
  private UserMessage prompt(AgentStep step, String knowledgeBlock) throws InterruptedException {
    String asked = KnowledgeContext.withPrompt(knowledgeBlock, step.prompt());
    if (step.attachmentsOrEmpty().isEmpty()) {
      return new UserMessage(asked);
    }
    if (attachments == null) {
      throw new IllegalStateException("this agent runner has no attachment loader");
    }
    StringBuilder text = new StringBuilder(asked);
    List<Media> media = new ArrayList<>();
    for (AttachmentLoader.Part part : attachments.load(step.attachmentsOrEmpty(), step.runtime())) {
      switch (part) {
        case AttachmentLoader.Text t ->
            text.append("\n\n[attachment: ").append(t.label()).append("]\n").append(t.text());
        case AttachmentLoader.Binary b ->
            media.add(
                Media.builder()
                    .mimeType(MimeType.valueOf(b.mime()))
                    .data(new ByteArrayResource(b.bytes()))
                    .name(b.label())
                    .build());
        case AttachmentLoader.Link l ->
            media.add(
                Media.builder()
                    .mimeType(MimeType.valueOf(l.mime()))
                    .data(l.uri())
                    .name(l.label())
                    .build());
      }
    }
    return UserMessage.builder().text(text.toString()).media(media).build();
  }

  /**
   * What retrieval gave the call: the block before the prompt, the chunks in it, and whether tools
   * are withheld.
   */
  private record Retrieval(String block, List<RetrievedChunk> read, boolean toolsWithheld) {
    static final Retrieval NONE = new Retrieval("", List.of(), false);
  }

  /**
   * Searches the bound knowledge base with the prompt, as Compozy does (then its keywords, then its
   * focus, while fewer than {@code min_results} are found): the nearest chunks within {@code
   * max_tokens} go in a block before the prompt; fewer than {@code min_results} show the {@code
   * fallback} notice instead, and withhold tools unless {@code tool_fallback} escalates.
   */
  private Retrieval retrieve(AgentStep step) {
    AgentStep.Knowledge k = step.knowledge();
    if (k == null) {
      return Retrieval.NONE;
    }
    if (knowledge == null) {
      throw new IllegalStateException("this agent runner has no knowledge bases");
    }
    // Compozy's stages: the prompt, then its keywords, then its focus, until one finds min_results
    // chunks
    RetrievalStages.Found found =
        RetrievalStages.search(
            step.prompt(),
            k.minResults(),
            query ->
                KnowledgeContext.within(
                    knowledge.search(
                        k.knowledgeBaseId(), query, k.topK(), k.minScore(), k.filtersOrEmpty()),
                    k.maxTokens()));
    List<Hit> hits = found.hits();
    RetrievalStages.Kind stage = found.stage();
    String label = KnowledgeContext.label(k.knowledgeBaseId(), k.injectAs());
    if (hits.size() < k.minResults()) {
      String notice =
          k.fallback() == null || k.fallback().isBlank()
              ? KnowledgeContext.noKnowledge(k.knowledgeBaseId())
              : k.fallback();
      log.warn(
          "agent {} in {}: knowledge base {} had {} chunks for the prompt, fewer than {}; the"
              + " fallback notice stands in",
          step.agentId(),
          step.execId(),
          k.knowledgeBaseId(),
          hits.size(),
          k.minResults());
      return new Retrieval(
          KnowledgeContext.block(List.of(new KnowledgeContext.Entry(label, List.of(), notice))),
          List.of(),
          !k.toolsOnFallback());
    }
    log.info(
        "agent {} in {} reads {} chunks of {} (query: {}): {}",
        step.agentId(),
        step.execId(),
        hits.size(),
        k.knowledgeBaseId(),
        stage.name().toLowerCase(Locale.ROOT),
        hits.stream()
            .map(
                h ->
                    h.source()
                        + "#"
                        + h.index()
                        + " ("
                        + String.format(Locale.ROOT, "%.3f", h.score())
                        + ")")
            .toList());
    return new Retrieval(
        KnowledgeContext.block(List.of(new KnowledgeContext.Entry(label, hits, null))),
        hits.stream()
            .map(
                h ->
                    new RetrievedChunk(
                        k.knowledgeBaseId(), h.source(), h.index(), h.id(), h.score()))
            .toList(),
        false);
  }

  /**
   * What the model reads between the system prompt and the prompt: the agent's memories, oldest
   * first.
   */
  private List<Message> history(AgentStep step) {
    List<Message> out = new ArrayList<>();
    for (AgentStep.MemoryBinding binding : step.memoriesOrEmpty()) {
      for (MemoryMessage m : memoryStore().read(binding.memory(), binding.key()).block()) {
        out.add(
            switch (m.role()) {
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
        memoryStore()
            .append(
                binding.memory(),
                binding.key(),
                List.of(
                    MemoryMessage.of("user", step.prompt()), MemoryMessage.of("assistant", answer)))
            .block();
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
