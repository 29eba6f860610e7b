package io.compozy.contracts.dsl;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A project ({@code compozy.yaml}): its metadata, where its workflows are, and shared resources. */
public record ProjectDef(
    @com.fasterxml.jackson.annotation.JsonProperty(required = true)
    @com.fasterxml.jackson.annotation.JsonSetter(nulls = com.fasterxml.jackson.annotation.Nulls.FAIL) String name,
    @Nullable String version,
    @Nullable String description,
    /** Free text, or Compozy's {@code {name, email, url, organization, contributors}}. */
    @Nullable Object author,
    @Nullable List<WorkflowSource> workflows,
    @Nullable List<ModelDef> models,
    @Nullable List<ToolDef> tools,
    @Nullable RuntimeDef runtime,
    @Nullable Map<String, Object> config,
    @Nullable List<Object> schemas,
    @Nullable List<Object> memories,
    @Nullable List<Object> mcps,
    @Nullable Autoload autoload) {

  /** A project with metadata, workflows, models, tools, runtime and config only. */
  public ProjectDef(String name, @Nullable String version, @Nullable String description, @Nullable Object author,
      @Nullable List<WorkflowSource> workflows, @Nullable List<ModelDef> models, @Nullable List<ToolDef> tools,
      @Nullable RuntimeDef runtime, @Nullable Map<String, Object> config) {
    this(name, version, description, author, workflows, models, tools, runtime, config, null, null, null, null);
  }

  /** A reference to a workflow file, relative to the project directory. */
  public record WorkflowSource(String source) {}

  /** Resource files (agents, tools, ...) loaded by glob, each naming its kind in {@code resource:}. */
  public record Autoload(@Nullable Boolean enabled, @Nullable List<String> include, @Nullable List<String> exclude) {}

  public ProjectDef withRuntime(@Nullable RuntimeDef rt) {
    return new ProjectDef(name, version, description, author, workflows, models, tools, rt, config, schemas, memories, mcps, autoload);
  }

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
