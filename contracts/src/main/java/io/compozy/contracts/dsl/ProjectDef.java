package io.compozy.contracts.dsl;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A project ({@code compozy.yaml}): its metadata, where its workflows are, and shared resources. */
public record ProjectDef(
    String name,
    @Nullable String version,
    @Nullable String description,
    @Nullable String author,
    @Nullable List<WorkflowSource> workflows,
    @Nullable List<ModelDef> models,
    @Nullable List<ToolDef> tools,
    @Nullable RuntimeDef runtime,
    @Nullable Map<String, Object> config) {

  /** A reference to a workflow file, relative to the project directory. */
  public record WorkflowSource(String source) {}

  public List<WorkflowSource> workflowsOrEmpty() {
    return workflows == null ? List.of() : workflows;
  }

  public List<ToolDef> toolsOrEmpty() {
    return tools == null ? List.of() : tools;
  }

  public List<ModelDef> modelsOrEmpty() {
    return models == null ? List.of() : models;
  }
}
