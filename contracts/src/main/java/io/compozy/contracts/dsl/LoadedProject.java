package io.compozy.contracts.dsl;

import java.nio.file.Path;
import java.util.List;

/** A project read from its directory: the root, {@code compozy.yaml}, and its workflows. */
public record LoadedProject(Path root, ProjectDef project, List<WorkflowDef> workflows) {
  public LoadedProject {
    workflows = List.copyOf(workflows);
  }
}
