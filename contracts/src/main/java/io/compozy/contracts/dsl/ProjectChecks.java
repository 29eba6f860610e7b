package io.compozy.contracts.dsl;

import io.compozy.contracts.json.Json;
import io.compozy.contracts.schema.JsonSchemas;
import io.compozy.contracts.schema.Violation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What {@code compozy.yaml} must satisfy beyond its shape: its {@code config} defaults, memories,
 * MCP servers and schemas are each what the language says, with unique ids. Pure.
 */
public final class ProjectChecks {
  private static final JsonSchemas SCHEMAS = new JsonSchemas();

  private ProjectChecks() {}

  public static List<Violation> check(ProjectDef project) {
    List<Violation> problems = new ArrayList<>();
    if (project.config() != null) {
      int before = problems.size();
      StrictShapes.check(project.config(), TaskConfig.class, "/config", problems);
      if (problems.size() == before) {
        Durations.check(
            Json.MAPPER.convertValue(project.config(), TaskConfig.class), "/config", problems);
      }
    }
    if (project.runtime() != null) {
      Durations.check(
          project.runtime().toolExecutionTimeout(), "/runtime/tool_execution_timeout", problems);
    }
    List<ToolDef> tools = project.tools() == null ? List.of() : project.tools();
    for (int i = 0; i < tools.size(); i++) {
      Durations.check(tools.get(i).timeout(), "/tools/" + i + "/timeout", problems);
    }
    declared(project.memories(), MemoryDef.class, "/memories", problems);
    declared(project.mcps(), McpDef.class, "/mcps", problems);
    declared(project.embedders(), EmbedderDef.class, "/embedders", problems);
    declared(project.vectorDbs(), VectorDbDef.class, "/vector_dbs", problems);
    declared(project.knowledgeBases(), KnowledgeBaseDef.class, "/knowledge_bases", problems);
    KnowledgeChecks.declarations(
        project.embedders(),
        project.vectorDbs(),
        project.knowledgeBases(),
        KnowledgeChecks.ids(project.embedders()),
        KnowledgeChecks.ids(project.vectorDbs()),
        problems);
    if (project.knowledge() instanceof List<?> bindings) {
      int before = problems.size();
      for (int i = 0; i < bindings.size(); i++) {
        StrictShapes.check(bindings.get(i), KnowledgeBinding.class, "/knowledge/" + i, problems);
      }
      if (problems.size() == before) {
        KnowledgeChecks.bindings(
            project.knowledgeBindings(),
            "/knowledge",
            new KnownIds(
                null, null, null, null, null, null, KnowledgeChecks.ids(project.knowledgeBases())),
            problems);
      }
    } else if (project.knowledge() != null) {
      StrictShapes.check(
          project.knowledge(), ProjectDef.KnowledgeDefaults.class, "/knowledge", problems);
    }
    schemas(project.schemas(), "/schemas", problems);
    Set<String> models = new HashSet<>();
    List<ModelDef> list = project.modelsOrEmpty();
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i).id() != null && !models.add(list.get(i).id())) {
        problems.add(
            new Violation(
                "/models/" + i + "/id", "model id '" + list.get(i).id() + "' is used twice"));
      }
    }
    return problems;
  }

  private static void declared(
      @Nullable List<Object> list, Class<?> type, String at, List<Violation> problems) {
    Set<String> ids = new HashSet<>();
    for (int i = 0; list != null && i < list.size(); i++) {
      StrictShapes.check(list.get(i), type, at + "/" + i, problems);
      if (list.get(i) instanceof Map<?, ?> m && m.get("id") instanceof String id && !ids.add(id)) {
        problems.add(new Violation(at + "/" + i + "/id", "id '" + id + "' is used twice"));
      }
    }
  }

  /**
   * Schemas declared in a list: each an object with an id that is a JSON Schema (draft 2020-12).
   */
  static void schemas(@Nullable List<Object> list, String at, List<Violation> problems) {
    Set<String> ids = new HashSet<>();
    for (int i = 0; list != null && i < list.size(); i++) {
      if (!(list.get(i) instanceof Map<?, ?> schema) || !(schema.get("id") instanceof String id)) {
        problems.add(new Violation(at + "/" + i, "a schema is a JSON Schema with an id"));
        continue;
      }
      if (!ids.add(id)) {
        problems.add(new Violation(at + "/" + i + "/id", "schema id '" + id + "' is used twice"));
      }
      for (Violation v : SCHEMAS.schemaProblems(SchemaRefs.withoutId(schema))) {
        problems.add(new Violation(at + "/" + i + v.pointer(), v.message()));
      }
    }
  }
}
