package io.compozy.registry.resource;

import io.compozy.contracts.catalog.ResourceKinds;
import io.compozy.contracts.dsl.AgentDef;
import io.compozy.contracts.dsl.MemoryDef;
import io.compozy.contracts.dsl.ModelDef;
import io.compozy.contracts.dsl.ToolDef;
import io.compozy.contracts.dsl.WorkflowDef;
import io.compozy.support.problem.ApiProblem;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;

/** A kind of definition served under {@code /api/v0/{kind}}: its path name, record and word. */
record DefinitionKind(String path, Class<?> type, String word) {
  static final Map<String, DefinitionKind> SUPPORTED = Map.of(
      ResourceKinds.WORKFLOW, new DefinitionKind(ResourceKinds.WORKFLOW, WorkflowDef.class, "workflow"),
      ResourceKinds.TOOL, new DefinitionKind(ResourceKinds.TOOL, ToolDef.class, "tool"),
      ResourceKinds.AGENT, new DefinitionKind(ResourceKinds.AGENT, AgentDef.class, "agent"),
      ResourceKinds.MODEL, new DefinitionKind(ResourceKinds.MODEL, ModelDef.class, "model"),
      ResourceKinds.MEMORY, new DefinitionKind(ResourceKinds.MEMORY, MemoryDef.class, "memory"),
      ResourceKinds.TASK, new DefinitionKind(ResourceKinds.TASK, io.compozy.contracts.dsl.TaskDef.class, "task"));
  /** Kinds of API.md not built yet: asking for them is a clear 501, never a silent 404. */
  static final Set<String> NOT_YET = Set.of("mcps", "schemas", "project", "admin");

  static DefinitionKind of(String path) {
    DefinitionKind kind = SUPPORTED.get(path);
    if (kind != null) {
      return kind;
    }
    if (NOT_YET.contains(path)) {
      throw new ApiProblem(HttpStatus.NOT_IMPLEMENTED, "not_implemented", "Not implemented",
          "the definitions API serves workflows, tasks, tools, agents, models and memories so far; /api/v0/" + path + " is not built yet", Map.of("kind", path));
    }
    throw new ApiProblem(HttpStatus.NOT_FOUND, "not_found", "Not found", "no such kind of definition: " + path, Map.of());
  }
}
