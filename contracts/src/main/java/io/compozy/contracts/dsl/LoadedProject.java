package io.compozy.contracts.dsl;

import java.nio.file.Path;
import java.util.List;

/**
 * A project read from its directory: the root, {@code compozy.yaml} (with tools and models found by
 * autoload merged in), its workflows, and its agents.
 */
public record LoadedProject(Path root, ProjectDef project, List<WorkflowDef> workflows, List<AgentDef> agents) {
  public LoadedProject {
    workflows = List.copyOf(workflows);
    agents = List.copyOf(agents);
  }

  public LoadedProject(Path root, ProjectDef project, List<WorkflowDef> workflows) {
    this(root, project, workflows, List.of());
  }
}
