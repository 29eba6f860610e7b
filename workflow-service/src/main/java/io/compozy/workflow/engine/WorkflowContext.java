package io.compozy.workflow.engine;

import io.compozy.contracts.dsl.AgentDef;
import io.compozy.contracts.dsl.BuiltinTools;
import io.compozy.contracts.dsl.KnowledgeBaseDef;
import io.compozy.contracts.dsl.McpDef;
import io.compozy.contracts.dsl.MemoryDef;
import io.compozy.contracts.dsl.ModelDef;
import io.compozy.contracts.dsl.ProjectDef;
import io.compozy.contracts.dsl.SchemaRefs;
import io.compozy.contracts.dsl.ToolDef;
import io.compozy.contracts.dsl.WorkflowDef;
import io.compozy.contracts.json.Json;
import io.compozy.contracts.message.RuntimeSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The definitions a decision runs against: the workflow, its project, the agents stored on their
 * own (looked up by id), every model, memories and MCP servers stored on their own.
 */
public record WorkflowContext(
    WorkflowDef workflow,
    @Nullable ProjectDef project,
    Function<String, Optional<AgentDef>> agents,
    List<ModelDef> models,
    Function<String, Optional<MemoryDef>> memories,
    Function<String, Optional<McpDef>> storedMcps,
    Function<String, Optional<ToolDef>> storedTools,
    Function<String, Optional<Map<String, Object>>> sharedSchemas,
    Function<String, Optional<KnowledgeBaseDef>> storedKnowledgeBases) {

  public WorkflowContext(WorkflowDef workflow, @Nullable ProjectDef project) {
    this(
        workflow,
        project,
        id -> Optional.empty(),
        project == null ? List.of() : project.modelsOrEmpty(),
        id -> projectMemory(project, id),
        id -> Optional.empty(),
        id -> Optional.empty(),
        id ->
            project == null
                ? Optional.empty()
                : SchemaRefs.byId(project.schemas(), id).map(SchemaRefs::withoutId),
        id -> declared(project == null ? null : project.knowledgeBases(), id));
  }

  /**
   * A knowledge base by id: the workflow's own, then the one stored (the project's, as imported, or
   * as put through the API since).
   */
  Optional<KnowledgeBaseDef> knowledgeBase(String id) {
    return declared(workflow.knowledgeBases(), id).or(() -> storedKnowledgeBases.apply(id));
  }

  private static Optional<KnowledgeBaseDef> declared(@Nullable List<Object> bases, String id) {
    return (bases == null ? List.<Object>of() : bases)
        .stream()
            .filter(b -> b instanceof Map<?, ?> map && id.equals(map.get("id")))
            .findFirst()
            .map(b -> Json.MAPPER.convertValue(b, KnowledgeBaseDef.class));
  }

  /** A memory declared in {@code compozy.yaml}. */
  public static Optional<MemoryDef> projectMemory(@Nullable ProjectDef project, String id) {
    if (project == null || project.memories() == null) {
      return Optional.empty();
    }
    return project.memories().stream()
        .filter(m -> m instanceof Map<?, ?> map && id.equals(map.get("id")))
        .findFirst()
        .map(m -> Json.MAPPER.convertValue(m, MemoryDef.class));
  }

  /**
   * An MCP server by id: the workflow's own, then the project's, then those stored on their own.
   */
  Optional<McpDef> mcp(String id) {
    for (List<Object> list :
        Arrays.asList(workflow.mcps(), project == null ? null : project.mcps())) {
      if (list != null) {
        for (Object m : list) {
          if (m instanceof Map<?, ?> map && id.equals(map.get("id"))) {
            return Optional.of(Json.MAPPER.convertValue(map, McpDef.class));
          }
        }
      }
    }
    return storedMcps.apply(id);
  }

  /**
   * A schema written in place, or named by id (the workflow's own schemas, then the shared ones).
   */
  Optional<Map<String, Object>> schema(@Nullable Object ref) {
    return SchemaRefs.resolve(ref, workflow.schemas(), sharedSchemas);
  }

  Optional<MemoryDef> memory(String id) {
    return memories.apply(id);
  }

  /**
   * A tool by id: the workflow's own tools first, then the project's, those stored on their own,
   * then the built-ins.
   */
  Optional<ToolDef> tool(String id) {
    Optional<ToolDef> own =
        workflow.toolsOrEmpty().stream().filter(t -> t.id().equals(id)).findFirst();
    if (own.isPresent()) {
      return own.map(this::withSchemas);
    }
    Optional<ToolDef> shared =
        project == null
            ? Optional.empty()
            : project.toolsOrEmpty().stream().filter(t -> t.id().equals(id)).findFirst();
    return shared
        .or(() -> storedTools.apply(id))
        .or(() -> BuiltinTools.find(id))
        .map(this::withSchemas);
  }

  /**
   * A tool whose input or output schema is named by id gets the schema (Compozy's `input:
   * city_input`).
   */
  ToolDef withSchemas(ToolDef tool) {
    return tool.withSchemas(ref -> schema(ref));
  }

  /** An agent by id: the workflow's inline agents first, then those stored on their own. */
  Optional<AgentDef> agent(String id) {
    if (workflow.agents() != null) {
      for (Object a : workflow.agents()) {
        if (a instanceof Map<?, ?> m && id.equals(m.get("id"))) {
          return Optional.of(Json.MAPPER.convertValue(m, AgentDef.class));
        }
      }
    }
    return agents.apply(id);
  }

  @Nullable RuntimeSpec runtime() {
    if (project == null || project.runtime() == null || project.runtime().entrypoint() == null) {
      return null;
    }
    String type = project.runtime().type() == null ? "node" : project.runtime().type();
    return new RuntimeSpec(
        type,
        project.runtime().entrypoint(),
        project.runtime().permissions(),
        project.runtime().toolExecutionTimeout());
  }
}
