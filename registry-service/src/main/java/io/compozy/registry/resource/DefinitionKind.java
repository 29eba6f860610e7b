package io.compozy.registry.resource;

import io.compozy.contracts.dsl.AgentDef;
import io.compozy.contracts.dsl.KnowledgeBaseDef;
import io.compozy.contracts.dsl.McpDef;
import io.compozy.contracts.dsl.MemoryDef;
import io.compozy.contracts.dsl.ModelDef;
import io.compozy.contracts.dsl.ProjectDef;
import io.compozy.contracts.dsl.ResourceKinds;
import io.compozy.contracts.dsl.TaskDef;
import io.compozy.contracts.dsl.ToolDef;
import io.compozy.contracts.dsl.WorkflowDef;
import io.compozy.support.problem.ApiProblem;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/**
 * A kind of definition served under {@code /api/v0/{kind}}: its path name, record, the word users
 * read, and the {@code resource:} name its files carry in a project directory. Schemas are JSON
 * Schemas with an {@code id}, kept as written (a map).
 */
public record DefinitionKind(String path, Class<?> type, String word, @Nullable String itemKey) {
  public DefinitionKind(String path, Class<?> type, String word) {
    this(path, type, word, null);
  }

  public static final DefinitionKind PROJECT =
      new DefinitionKind(ResourceKinds.PROJECT, ProjectDef.class, "project");

  /** The kinds of {@code /api/v0/{kind}}, in the order an export writes them. */
  public static final Map<String, DefinitionKind> SUPPORTED;

  static {
    Map<String, DefinitionKind> kinds = new LinkedHashMap<>();
    for (DefinitionKind k :
        List.of(
            new DefinitionKind(ResourceKinds.WORKFLOW, WorkflowDef.class, "workflow"),
            new DefinitionKind(ResourceKinds.TASK, TaskDef.class, "task"),
            new DefinitionKind(ResourceKinds.AGENT, AgentDef.class, "agent"),
            new DefinitionKind(ResourceKinds.TOOL, ToolDef.class, "tool"),
            new DefinitionKind(ResourceKinds.MCP, McpDef.class, "mcp"),
            new DefinitionKind(ResourceKinds.MODEL, ModelDef.class, "model"),
            new DefinitionKind(ResourceKinds.SCHEMA, Map.class, "schema"),
            new DefinitionKind(ResourceKinds.MEMORY, MemoryDef.class, "memory"),
            // Compozy answers a knowledge base under data.knowledge_base, a list under
            // data.knowledge_bases
            new DefinitionKind(
                ResourceKinds.KNOWLEDGE_BASE,
                KnowledgeBaseDef.class,
                "knowledge base",
                "knowledge_base"))) {
      kinds.put(k.path(), k);
    }
    SUPPORTED = Collections.unmodifiableMap(kinds);
  }

  public static DefinitionKind of(String path) {
    DefinitionKind kind = SUPPORTED.get(path);
    if (kind == null) {
      throw new ApiProblem(
          HttpStatus.NOT_FOUND,
          "not_found",
          "Not found",
          "no such kind of definition: "
              + path
              + " (one of "
              + String.join(", ", SUPPORTED.keySet())
              + ")",
          Map.of());
    }
    return kind;
  }

  /** The id a parsed definition carries. */
  public static String idOf(Object definition) {
    return switch (definition) {
      case WorkflowDef w -> w.id();
      case ToolDef t -> t.id();
      case AgentDef a -> a.id();
      case ModelDef m -> m.id() == null ? "" : m.id();
      case MemoryDef m -> m.id();
      case McpDef m -> m.id();
      case TaskDef t -> t.id();
      case KnowledgeBaseDef kb -> kb.id();
      case ProjectDef p -> p.name();
      case Map<?, ?> schema -> schema.get("id") instanceof String id ? id : "";
      default -> throw new IllegalStateException("no id for " + definition.getClass());
    };
  }

  /** The key of a list's items in an answer: the path, in snake case. */
  public String listKey() {
    return path.replace('-', '_');
  }

  /**
   * An item's body as answers carry it: wrapped under {@link #itemKey} for the kinds Compozy wraps.
   */
  public Object answered(Object body) {
    return itemKey == null ? body : Map.of(itemKey, body);
  }

  public String capitalized() {
    return Character.toUpperCase(word.charAt(0)) + word.substring(1);
  }
}
