package io.compozy.contracts.dsl;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A project read from its directory: the root, {@code compozy.yaml} as written, its workflows, and
 * the resources found by autoload (agents, stored tasks, tools, models, memories, MCP servers,
 * schemas). {@link #project()} is {@code compozy.yaml} with the autoloaded shared resources merged
 * in, as the engine reads it.
 */
public record LoadedProject(
    Path root,
    ProjectDef written,
    List<WorkflowDef> workflows,
    List<AgentDef> agents,
    List<TaskDef> tasks,
    List<ToolDef> tools,
    List<ModelDef> models,
    List<Object> memories,
    List<Object> mcps,
    List<Object> schemas,
    List<String> warnings) {
  public LoadedProject {
    warnings = List.copyOf(warnings);
    workflows = List.copyOf(workflows);
    agents = List.copyOf(agents);
    tasks = List.copyOf(tasks);
    tools = List.copyOf(tools);
    models = List.copyOf(models);
    memories = List.copyOf(memories);
    mcps = List.copyOf(mcps);
    schemas = List.copyOf(schemas);
  }

  public LoadedProject(Path root, ProjectDef project, List<WorkflowDef> workflows) {
    this(
        root, project, workflows, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
        List.of(), List.of());
  }

  /** A project with its resources and no warnings. */
  public LoadedProject(
      Path root,
      ProjectDef written,
      List<WorkflowDef> workflows,
      List<AgentDef> agents,
      List<TaskDef> tasks,
      List<ToolDef> tools,
      List<ModelDef> models,
      List<Object> memories,
      List<Object> mcps,
      List<Object> schemas) {
    this(
        root, written, workflows, agents, tasks, tools, models, memories, mcps, schemas, List.of());
  }

  /** {@code compozy.yaml} with what autoload found merged into its lists. */
  public ProjectDef project() {
    ProjectDef p = written;
    return new ProjectDef(
        p.name(),
        p.version(),
        p.description(),
        p.author(),
        p.workflows(),
        merged(p.models(), models),
        merged(p.tools(), tools),
        p.runtime(),
        p.config(),
        merged(p.schemas(), schemas),
        merged(p.memories(), memories),
        merged(p.mcps(), mcps),
        p.autoload(),
        p.embedders(),
        p.vectorDbs(),
        p.knowledgeBases(),
        p.knowledge());
  }

  private static <T> List<T> merged(List<T> declared, List<T> found) {
    List<T> out = new ArrayList<>(declared == null ? List.of() : declared);
    out.addAll(found);
    return out.isEmpty() ? null : out;
  }
}
