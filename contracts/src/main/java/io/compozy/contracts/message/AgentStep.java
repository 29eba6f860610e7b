package io.compozy.contracts.message;

import io.compozy.contracts.dsl.Attachment;
import io.compozy.contracts.dsl.McpDef;
import io.compozy.contracts.dsl.MemoryDef;
import io.compozy.contracts.dsl.ModelDef;
import io.compozy.contracts.dsl.ToolDef;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A fully resolved agent call for a worker, on {@code compozy.steps.agent}: the rendered system
 * prompt and user prompt, the action's input and output schema, the model (its {@code api_key}
 * still a template the worker renders from its own environment), the tools the agent may call and
 * the runtime hosting them, the tool-loop budget, and the attachments with their templates
 * rendered.
 */
public record AgentStep(
    String messageId,
    String execId,
    String workflowId,
    String taskId,
    String stepId,
    int attempt,
    String agentId,
    @Nullable String actionId,
    @Nullable String instructions,
    String prompt,
    Map<String, Object> input,
    @Nullable Map<String, Object> outputSchema,
    ModelDef model,
    List<ToolDef> tools,
    @Nullable RuntimeSpec runtime,
    int maxIterations,
    Instant deadline,
    @Nullable List<MemoryBinding> memories,
    @Nullable List<McpDef> mcps,
    @Nullable List<Attachment.Source> attachments,
    @Nullable Knowledge knowledge) {

  /**
   * The knowledge base the call searches, its retrieval settings resolved (binding over base):
   * {@code minResults} chunks at least (Compozy's default 1), else {@code fallback} is shown
   * instead and tools are withheld unless {@code toolFallback} is {@code escalate} or {@code auto};
   * {@code filters} match chunk metadata exactly.
   */
  public record Knowledge(
      String knowledgeBaseId,
      int topK,
      double minScore,
      @Nullable Integer maxTokens,
      @Nullable String injectAs,
      @Nullable String fallback,
      int minResults,
      @Nullable String toolFallback,
      @Nullable Map<String, String> filters) {
    public Knowledge(
        String knowledgeBaseId, int topK, double minScore, @Nullable Integer maxTokens) {
      this(knowledgeBaseId, topK, minScore, maxTokens, null, null, 1, null, null);
    }

    public Map<String, String> filtersOrEmpty() {
      return filters == null ? Map.of() : filters;
    }

    /**
     * Whether tools stay offered when retrieval falls short ({@code tool_fallback: escalate|auto}).
     */
    public boolean toolsOnFallback() {
      return "escalate".equals(toolFallback) || "auto".equals(toolFallback);
    }
  }

  /**
   * A memory the agent reads before its first call and, unless {@code readOnly}, appends to after
   * its answer.
   */
  public record MemoryBinding(MemoryDef memory, String key, boolean readOnly) {}

  public List<McpDef> mcpsOrEmpty() {
    return mcps == null ? List.of() : mcps;
  }

  /** The same step offering other tools (the agent's own and its MCP servers'). */
  public AgentStep withTools(List<ToolDef> all) {
    return new AgentStep(
        messageId,
        execId,
        workflowId,
        taskId,
        stepId,
        attempt,
        agentId,
        actionId,
        instructions,
        prompt,
        input,
        outputSchema,
        model,
        all,
        runtime,
        maxIterations,
        deadline,
        memories,
        mcps,
        attachments,
        knowledge);
  }

  /** The same step on another model (the one a model override sends every call to). */
  public AgentStep withModel(ModelDef other) {
    return new AgentStep(
        messageId,
        execId,
        workflowId,
        taskId,
        stepId,
        attempt,
        agentId,
        actionId,
        instructions,
        prompt,
        input,
        outputSchema,
        other,
        tools,
        runtime,
        maxIterations,
        deadline,
        memories,
        mcps,
        attachments,
        knowledge);
  }

  public List<Attachment.Source> attachmentsOrEmpty() {
    return attachments == null ? List.of() : attachments;
  }

  public List<MemoryBinding> memoriesOrEmpty() {
    return memories == null ? List.of() : memories;
  }
}
