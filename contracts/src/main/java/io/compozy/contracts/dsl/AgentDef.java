package io.compozy.contracts.dsl;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An agent: its instructions (the system prompt), its model, the actions it offers and the tools
 * and MCP servers it may call. {@code model} is {@code provider:model}, a model id or an inline
 * model; {@code tools} and {@code mcps} hold ids or inline definitions.
 */
public record AgentDef(
    String id,
    @Nullable String resource,
    @Nullable String description,
    @Nullable String instructions,
    @Nullable Object model,
    @Nullable List<ActionDef> actions,
    @Nullable List<Object> tools,
    @Nullable List<Object> mcps,
    @Nullable List<MemoryRef> memory,
    @Nullable Integer maxIterations,
    @Nullable Map<String, Object> with,
    @Nullable Map<String, Object> env,
    @Nullable List<Attachment> attachments,
    @Nullable List<KnowledgeBinding> knowledge) {

  public static final int DEFAULT_MAX_ITERATIONS = 100;

  /**
   * One thing the agent does: a templated prompt with an input schema and, optionally, an output
   * schema.
   */
  public record ActionDef(
      String id,
      @Nullable String prompt,
      @Nullable Map<String, Object> input,
      @Nullable Map<String, Object> output,
      @Nullable Map<String, Object> with,
      @Nullable List<Attachment> attachments) {}

  /** A memory the agent reads before each call and (unless read-only) appends to after it. */
  public record MemoryRef(String id, @Nullable String key, @Nullable MemoryAccess mode) {
    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    public MemoryRef {}

    /** Compozy also names a memory by its id alone. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static MemoryRef of(String id) {
      return new MemoryRef(id, null, null);
    }
  }

  public Optional<ActionDef> action(String actionId) {
    return actionsOrEmpty().stream().filter(a -> a.id().equals(actionId)).findFirst();
  }

  public List<ActionDef> actionsOrEmpty() {
    return actions == null ? List.of() : actions;
  }

  public List<Object> toolsOrEmpty() {
    return tools == null ? List.of() : tools;
  }

  public int iterationBudget() {
    return maxIterations == null ? DEFAULT_MAX_ITERATIONS : maxIterations;
  }
}
