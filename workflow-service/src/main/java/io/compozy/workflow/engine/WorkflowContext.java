package io.compozy.workflow.engine;

import io.compozy.contracts.dsl.ProjectDef;
import io.compozy.contracts.dsl.ToolDef;
import io.compozy.contracts.dsl.WorkflowDef;
import io.compozy.contracts.message.RuntimeSpec;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The definitions a decision runs against: the workflow and its project. */
public record WorkflowContext(WorkflowDef workflow, @Nullable ProjectDef project) {

  /** A tool by id: the workflow's own tools first, then the project's. */
  Optional<ToolDef> tool(String id) {
    Optional<ToolDef> own = workflow.toolsOrEmpty().stream().filter(t -> t.id().equals(id)).findFirst();
    if (own.isPresent() || project == null) {
      return own;
    }
    return project.toolsOrEmpty().stream().filter(t -> t.id().equals(id)).findFirst();
  }

  @Nullable RuntimeSpec runtime() {
    if (project == null || project.runtime() == null || project.runtime().entrypoint() == null) {
      return null;
    }
    String type = project.runtime().type() == null ? "node" : project.runtime().type();
    return new RuntimeSpec(type, project.runtime().entrypoint());
  }
}
