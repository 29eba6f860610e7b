package io.compozy.workflow.engine;

import io.compozy.contracts.dsl.AgentDef;
import io.compozy.contracts.dsl.AgentDef.ActionDef;
import io.compozy.contracts.dsl.Attachment;
import io.compozy.contracts.dsl.BasicTask;
import io.compozy.contracts.dsl.KnowledgeBaseDef;
import io.compozy.contracts.dsl.KnowledgeBinding;
import io.compozy.contracts.dsl.McpDef;
import io.compozy.contracts.dsl.MemoryAccess;
import io.compozy.contracts.dsl.MemoryDef;
import io.compozy.contracts.dsl.ModelDef;
import io.compozy.contracts.dsl.ModelRefs;
import io.compozy.contracts.dsl.ToolDef;
import io.compozy.contracts.json.Json;
import io.compozy.contracts.message.AgentStep;
import io.compozy.contracts.message.StepError;
import io.compozy.contracts.schema.Violation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Resolves a basic task that runs an agent (an action, a prompt, or both) or a bare prompt into a
 * complete {@link AgentStep}: the agent and action by id, the model (task {@code model_config},
 * then the agent's, then the project default), the agent's tools, the input (agent, action and task
 * {@code with}, rendered) checked against the action's input schema, and the rendered instructions
 * and prompt. Anything that does not resolve is a task failure naming what is missing.
 */
final class AgentCall {
  private AgentCall() {}

  /** What {@link #plan} gives: the step to dispatch, or why the task cannot run. */
  sealed interface Plan permits Ready, Refused {}

  record Ready(AgentStep step) implements Plan {}

  record Refused(StepError error) implements Plan {}

  static Plan plan(DecisionRun run, BasicTask task, TaskState t, String stepId, Instant deadline) {
    AgentDef agent;
    // agent and action may be templates (action: "{{ .workflow.input.review_type }}"), as in
    // Compozy
    String agentId = named(run, task.agent(), t, "task '" + task.id() + "' agent");
    String actionId = named(run, task.action(), t, "task '" + task.id() + "' action");
    if (agentId != null) {
      Optional<AgentDef> found = run.ctx.agent(agentId);
      if (found.isEmpty()) {
        return refused(
            "agent_not_found", "task '" + task.id() + "': agent '" + agentId + "' is not defined");
      }
      agent = found.get();
    } else {
      agent =
          new AgentDef(
              task.id(), null, null, null, null, null, null, null, null, null, null, null, null,
              null);
    }
    ActionDef action = null;
    if (actionId != null) {
      action = agent.action(actionId).orElse(null);
      if (action == null) {
        return refused(
            "action_not_found",
            "task '"
                + task.id()
                + "': agent '"
                + agent.id()
                + "' has no action '"
                + actionId
                + "' (it has "
                + agent.actionsOrEmpty().stream().map(ActionDef::id).toList()
                + ")");
      }
    } else if (task.prompt() == null) {
      return refused(
          "invalid_task",
          "task '" + task.id() + "': an agent task names an `action`, a `prompt`, or both");
    }
    Optional<ModelDef> model =
        ModelRefs.resolve(
            task.modelConfig() != null ? task.modelConfig() : agent.model(), run.ctx.models());
    if (model.isEmpty()) {
      Object ref = task.modelConfig() != null ? task.modelConfig() : agent.model();
      return refused(
          "model_not_found",
          "task '"
              + task.id()
              + "': "
              + (ref == null
                  ? "no model: set `model` on agent '"
                      + agent.id()
                      + "' or mark a project model `default: true`"
                  : "model '"
                      + ref
                      + "' is neither a model id of the project nor `provider:model`"));
    }
    List<ToolDef> tools = new ArrayList<>();
    for (Object ref : agent.toolsOrEmpty()) {
      ToolDef tool =
          ref instanceof Map<?, ?> inline
              ? run.ctx.withSchemas(Json.MAPPER.convertValue(inline, ToolDef.class))
              : run.ctx.tool(String.valueOf(ref)).orElse(null);
      if (tool == null) {
        return refused(
            "tool_not_found", "agent '" + agent.id() + "': tool '" + ref + "' is not defined");
      }
      tools.add(tool);
    }
    List<McpDef> mcps = new ArrayList<>();
    for (Object ref : agent.mcps() == null ? List.of() : agent.mcps()) {
      McpDef mcp =
          ref instanceof Map<?, ?> inline
              ? Json.MAPPER.convertValue(inline, McpDef.class)
              : run.ctx.mcp(String.valueOf(ref)).orElse(null);
      if (mcp == null) {
        return refused(
            "mcp_not_found", "agent '" + agent.id() + "': MCP server '" + ref + "' is not defined");
      }
      mcps.add(mcp);
    }
    Map<String, Object> input = input(run, task, agent, action, t);
    if (action != null && action.input() != null) {
      List<Violation> violations = run.expressions.schemas.validate(action.input(), input, "");
      if (!violations.isEmpty()) {
        return refused(
            "invalid_agent_input",
            "task '"
                + task.id()
                + "': input for action '"
                + action.id()
                + "' is invalid: "
                + violations);
      }
    }
    Map<String, Object> scope = run.scope(t.withInput(input));
    String where = "task '" + task.id() + "'";
    String instructions =
        agent.instructions() == null
            ? null
            : String.valueOf(
                run.expressions.render(agent.instructions(), scope, where + " agent instructions"));
    List<String> prompts = new ArrayList<>();
    if (action != null && action.prompt() != null) {
      prompts.add(
          String.valueOf(run.expressions.render(action.prompt(), scope, where + " action prompt")));
    }
    if (task.prompt() != null) {
      prompts.add(String.valueOf(run.expressions.render(task.prompt(), scope, where + " prompt")));
    }
    if (prompts.isEmpty()) {
      prompts.add(Json.write(input));
    }
    List<AgentStep.MemoryBinding> memories = new ArrayList<>();
    for (AgentDef.MemoryRef ref :
        agent.memory() == null ? List.<AgentDef.MemoryRef>of() : agent.memory()) {
      Optional<MemoryDef> memory = run.ctx.memory(ref.id());
      if (memory.isEmpty()) {
        return refused(
            "memory_not_found",
            "agent '" + agent.id() + "': memory '" + ref.id() + "' is not defined");
      }
      String keyTemplate = ref.key() != null ? ref.key() : memory.get().defaultKeyTemplate();
      if (keyTemplate == null) {
        return refused(
            "invalid_task",
            "agent '"
                + agent.id()
                + "': memory '"
                + ref.id()
                + "' needs a `key` (or a default_key_template)");
      }
      String key =
          String.valueOf(run.expressions.render(keyTemplate, scope, where + " memory key"));
      memories.add(
          new AgentStep.MemoryBinding(memory.get(), key, ref.mode() == MemoryAccess.READ_ONLY));
    }
    List<Attachment.Source> attachments = new ArrayList<>();
    for (List<Attachment> level :
        Arrays.asList(
            agent.attachments(),
            action == null ? null : action.attachments(),
            task.attachments())) {
      for (Attachment a : level == null ? List.<Attachment>of() : level) {
        for (Attachment.Source source : a.sources()) {
          attachments.add(rendered(run, source, scope, where + " attachment"));
        }
      }
    }
    ModelDef m = model.get();
    int budget =
        agent.maxIterations() != null
            ? agent.maxIterations()
            : m.maxToolIterations() != null
                ? m.maxToolIterations()
                : AgentDef.DEFAULT_MAX_ITERATIONS;
    return new Ready(
        new AgentStep(
            "step:" + stepId,
            run.state().execId(),
            run.state().workflowId(),
            t.path(),
            stepId,
            t.attempt(),
            agent.id(),
            action == null ? null : action.id(),
            instructions,
            String.join("\n\n", prompts),
            input,
            action == null ? null : action.output(),
            m,
            tools,
            run.ctx.runtime(),
            budget,
            deadline,
            memories.isEmpty() ? null : memories,
            mcps.isEmpty() ? null : mcps,
            attachments.isEmpty() ? null : attachments,
            knowledge(run, task, agent)));
  }

  /**
   * The knowledge the call searches: the task's binding, else the agent's, the workflow's, the
   * project's (the nearest scope wins, as in Compozy); its settings over those of the base.
   */
  private static AgentStep.@Nullable Knowledge knowledge(
      DecisionRun run, BasicTask task, AgentDef agent) {
    KnowledgeBinding b = first(task.knowledge());
    b = b != null ? b : first(agent.knowledge());
    b = b != null ? b : first(run.ctx.workflow().knowledge());
    b =
        b != null
            ? b
            : run.ctx.project() == null ? null : first(run.ctx.project().knowledgeBindings());
    if (b == null) {
      return null;
    }
    String id = b.id();
    KnowledgeBaseDef.Retrieval base =
        run.ctx.knowledgeBase(id).map(KnowledgeBaseDef::retrieval).orElse(null);
    KnowledgeBaseDef.Retrieval own = b.retrieval();
    Integer topK =
        b.topK() != null
            ? b.topK()
            : own != null && own.topK() != null ? own.topK() : base != null ? base.topK() : null;
    Double minScore =
        b.minScore() != null
            ? b.minScore()
            : own != null && own.minScore() != null
                ? own.minScore()
                : base != null ? base.minScore() : null;
    Integer maxTokens =
        b.maxTokens() != null
            ? b.maxTokens()
            : own != null && own.maxTokens() != null
                ? own.maxTokens()
                : base != null ? base.maxTokens() : null;
    String injectAs =
        b.injectAs() != null
            ? b.injectAs()
            : own != null && own.injectAs() != null
                ? own.injectAs()
                : base != null ? base.injectAs() : null;
    String fallback =
        b.fallback() != null
            ? b.fallback()
            : own != null && own.fallback() != null
                ? own.fallback()
                : base != null ? base.fallback() : null;
    Integer minResults =
        own != null && own.minResults() != null
            ? own.minResults()
            : base != null ? base.minResults() : null;
    String toolFallback =
        own != null && own.toolFallback() != null
            ? own.toolFallback()
            : base != null ? base.toolFallback() : null;
    Map<String, Object> filters =
        b.filters() != null
            ? b.filters()
            : own != null && own.filters() != null
                ? own.filters()
                : base != null ? base.filters() : null;
    return new AgentStep.Knowledge(
        id,
        topK == null ? 5 : topK,
        minScore == null ? -1 : minScore,
        maxTokens,
        injectAs,
        fallback,
        minResults == null || minResults < 1 ? 1 : minResults,
        toolFallback,
        filters == null ? null : strings(filters));
  }

  /** Filters match metadata as text, as Compozy's do (a map of strings). */
  private static Map<String, String> strings(Map<String, Object> filters) {
    Map<String, String> out = new LinkedHashMap<>();
    filters.forEach((k, v) -> out.put(k, String.valueOf(v)));
    return out;
  }

  private static @Nullable KnowledgeBinding first(@Nullable List<KnowledgeBinding> bindings) {
    return bindings == null || bindings.isEmpty() ? null : bindings.getFirst();
  }

  private static @Nullable String named(
      DecisionRun run, @Nullable String name, TaskState t, String where) {
    return name == null || !name.contains("{{")
        ? name
        : String.valueOf(run.expressions.render(name, run.scope(t), where));
  }

  /**
   * An attachment's source with its templates rendered: the agent's, then the action's, then the
   * task's, as Compozy merges them.
   */
  private static Attachment.Source rendered(
      DecisionRun run, Attachment.Source s, Map<String, Object> scope, String where) {
    return new Attachment.Source(
        s.kind(),
        s.url() == null
            ? null
            : String.valueOf(run.expressions.render(s.url(), scope, where + " url")),
        s.path() == null
            ? null
            : String.valueOf(run.expressions.render(s.path(), scope, where + " path")),
        s.name() == null
            ? null
            : String.valueOf(run.expressions.render(s.name(), scope, where + " name")),
        s.mime(),
        s.maxPages());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> input(
      DecisionRun run, BasicTask task, AgentDef agent, @Nullable ActionDef action, TaskState t) {
    if (t.input() instanceof Map<?, ?> already) {
      return (Map<String, Object>) already; // a retry keeps the first attempt's input
    }
    Map<String, Object> with = new LinkedHashMap<>();
    if (agent.with() != null) {
      with.putAll(agent.with());
    }
    if (action != null && action.with() != null) {
      with.putAll(action.with());
    }
    if (task.with() != null) {
      with.putAll(task.with());
    }
    Map<String, Object> rendered =
        new LinkedHashMap<>(
            (Map<String, Object>)
                run.expressions.render(with, run.scope(t), "task '" + task.id() + "' with"));
    if (t.vars().get(Scope.WITH_OVERRIDE) instanceof Map<?, ?> extra) {
      rendered.putAll((Map<String, Object>) extra);
    }
    return rendered;
  }

  private static Plan refused(String type, String message) {
    return new Refused(new StepError(type, message));
  }
}
