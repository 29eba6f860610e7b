package io.compozy.contracts.dsl;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import io.compozy.contracts.json.Json;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A project ({@code compozy.yaml}): its metadata, where its workflows are, and shared resources.
 */
public record ProjectDef(
    @JsonProperty(required = true) @JsonSetter(nulls = Nulls.FAIL) String name,
    @Nullable String version,
    @Nullable String description,
    // free text, or Compozy's {name, email, url, organization, contributors}
    @Nullable Object author,
    @Nullable List<WorkflowSource> workflows,
    @Nullable List<ModelDef> models,
    @Nullable List<ToolDef> tools,
    @Nullable RuntimeDef runtime,
    @Nullable Map<String, Object> config,
    @Nullable List<Object> schemas,
    @Nullable List<Object> memories,
    @Nullable List<Object> mcps,
    @Nullable Autoload autoload,
    // knowledge: embedders, vector stores and bases kept as written (checked against their
    // records), the default binding
    @Nullable List<Object> embedders,
    @Nullable List<Object> vectorDbs,
    @Nullable List<Object> knowledgeBases,
    // a list of bindings (the project's default), or Compozy's object of knowledge defaults
    @Nullable Object knowledge) {

  /** A project without knowledge bases. */
  public ProjectDef(
      String name,
      @Nullable String version,
      @Nullable String description,
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
    this(
        name,
        version,
        description,
        author,
        workflows,
        models,
        tools,
        runtime,
        config,
        schemas,
        memories,
        mcps,
        autoload,
        null,
        null,
        null,
        null);
  }

  /** A project with metadata, workflows, models, tools, runtime and config only. */
  public ProjectDef(
      String name,
      @Nullable String version,
      @Nullable String description,
      @Nullable Object author,
      @Nullable List<WorkflowSource> workflows,
      @Nullable List<ModelDef> models,
      @Nullable List<ToolDef> tools,
      @Nullable RuntimeDef runtime,
      @Nullable Map<String, Object> config) {
    this(
        name,
        version,
        description,
        author,
        workflows,
        models,
        tools,
        runtime,
        config,
        null,
        null,
        null,
        null);
  }

  /** A reference to a workflow file, relative to the project directory. */
  public record WorkflowSource(String source) {}

  /**
   * Resource files (agents, tools, ...) loaded by glob, each naming its kind in {@code resource:}.
   */
  public record Autoload(
      @Nullable Boolean enabled, @Nullable List<String> include, @Nullable List<String> exclude) {}

  /**
   * The project's default knowledge bindings (none when {@code knowledge} is Compozy's defaults
   * object).
   */
  public List<KnowledgeBinding> knowledgeBindings() {
    return knowledge instanceof List<?> list
        ? list.stream().map(b -> Json.MAPPER.convertValue(b, KnowledgeBinding.class)).toList()
        : List.of();
  }

  /**
   * Compozy's {@code knowledge:} object of defaults in {@code compozy.yaml}: chunk size and
   * overlap, batch size, retrieval defaults, the largest Markdown file, and vector stores declared
   * there.
   */
  public record KnowledgeDefaults(
      @Nullable Integer chunkSize,
      @Nullable Integer chunkOverlap,
      @Nullable Integer embedderBatchSize,
      @Nullable Integer retrievalTopK,
      @Nullable Double retrievalMinScore,
      @Nullable Integer retrievalMinResults,
      @Nullable Long maxMarkdownFileSizeBytes,
      @Nullable List<Object> vectorDbs) {}

  public ProjectDef withRuntime(@Nullable RuntimeDef rt) {
    return new ProjectDef(
        name,
        version,
        description,
        author,
        workflows,
        models,
        tools,
        rt,
        config,
        schemas,
        memories,
        mcps,
        autoload,
        embedders,
        vectorDbs,
        knowledgeBases,
        knowledge);
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
