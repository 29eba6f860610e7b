package io.compozy.contracts.dsl;

import io.compozy.contracts.json.Json;
import io.compozy.contracts.json.JsonErrors;
import io.compozy.contracts.schema.Violation;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a project directory: {@code compozy.yaml}, the workflow files it lists and the resource
 * files its {@code autoload} globs find (each says what it is in {@code resource:}), then checks
 * every definition against the others (the same rules the definitions API applies). Every problem
 * is collected, as {@code file:line path: message}, before the load fails.
 */
public final class ProjectLoader {
  public static final String PROJECT_FILE = "compozy.yaml";

  /** What an autoloaded file may be. */
  public static final List<String> AUTOLOADED =
      List.of("agent", "tool", "model", "memory", "mcp", "schema", "task", "workflow");

  private ProjectLoader() {}

  public static LoadedProject load(Path dir) {
    return load(
        dir, new KnownIds(Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of()));
  }

  /**
   * Loads {@code dir}; definitions may also name the ids of {@code stored} (what a registry holds
   * already).
   */
  public static LoadedProject load(Path dir, KnownIds stored) {
    Path root = dir.toAbsolutePath().normalize();
    Files files = new Files(root);
    ProjectDef project = files.read(root.resolve(PROJECT_FILE), ProjectDef.class);
    if (project == null) {
      throw new ProjectLoadException(files.problems);
    }
    List<WorkflowDef> workflows = new ArrayList<>();
    Map<WorkflowDef, Path> workflowFiles = new HashMap<>();
    for (ProjectDef.WorkflowSource source : project.workflowsOrEmpty()) {
      Path file = root.resolve(source.source()).normalize();
      WorkflowDef wf = files.read(file, WorkflowDef.class);
      if (wf != null) {
        workflows.add(wf);
        workflowFiles.put(wf, file);
      }
    }
    Resources found = new Resources(project);
    for (Path file : autoloaded(root, project.autoload(), files.problems)) {
      files.readResource(file, found);
    }
    for (Map.Entry<WorkflowDef, Path> autoloadedWorkflow : found.workflowFiles.entrySet()) {
      if (workflowFiles.containsValue(autoloadedWorkflow.getValue())) {
        continue; // listed under workflows and matched by autoload too: one workflow
      }
      workflows.add(autoloadedWorkflow.getKey());
      workflowFiles.put(autoloadedWorkflow.getKey(), autoloadedWorkflow.getValue());
    }
    files.report(root.resolve(PROJECT_FILE), ProjectChecks.check(project));
    KnownIds known = found.known(stored);
    duplicates(workflows.stream().map(WorkflowDef::id).toList(), "workflow", files.problems);
    duplicates(found.tools.stream().map(ToolDef::id).toList(), "tool", files.problems);
    duplicates(found.agents.stream().map(AgentDef::id).toList(), "agent", files.problems);
    duplicates(found.tasks.stream().map(TaskDef::id).toList(), "task", files.problems);
    for (WorkflowDef wf : workflows) {
      files.report(workflowFiles.get(wf), WorkflowChecks.check(wf, known));
    }
    for (AgentDef agent : found.agents) {
      files.report(found.agentFiles.get(agent.id()), AgentChecks.check(agent, known));
    }
    if (!files.problems.isEmpty()) {
      throw new ProjectLoadException(files.problems);
    }
    for (int i = 0; i < found.knowledgeBases.size(); i++) {
      for (String notYet :
          KnowledgeChecks.notYet(found.knowledgeBases.get(i), project.embedders())) {
        files.warnings.add(
            files.where(root.resolve(PROJECT_FILE), "/knowledge_bases/" + i)
                + " knowledge_bases["
                + i
                + "]: "
                + notYet);
      }
    }
    return new LoadedProject(
        root,
        project,
        workflows,
        found.agents,
        found.tasks,
        found.autoloaded(found.tools, project.toolsOrEmpty()),
        found.autoloaded(found.models, project.modelsOrEmpty()),
        found.autoloaded(found.memories, project.memories()),
        found.autoloaded(found.mcps, project.mcps()),
        found.autoloaded(found.schemas, project.schemas()),
        files.warnings.stream()
            .distinct()
            .toList()); // a file listed and autoloaded too is read twice, warned once
  }

  private static void duplicates(List<String> ids, String word, List<String> problems) {
    Set<String> seen = new HashSet<>();
    for (String id : ids) {
      if (!seen.add(id)) {
        problems.add("project: " + word + " id '" + id + "' is defined twice");
      }
    }
  }

  /** The shared resources: those of compozy.yaml plus the autoloaded ones. */
  private static final class Resources {
    final List<AgentDef> agents = new ArrayList<>();
    final Map<String, Path> agentFiles = new HashMap<>();
    final List<TaskDef> tasks = new ArrayList<>();

    /** Workflows autoloaded from `resource: workflow` files, in the order found. */
    final Map<WorkflowDef, Path> workflowFiles = new LinkedHashMap<>();

    final List<ToolDef> tools;
    final List<ModelDef> models;
    final List<Object> memories;
    final List<Object> mcps;
    final List<Object> schemas;
    final List<Object> knowledgeBases;

    Resources(ProjectDef project) {
      knowledgeBases = project.knowledgeBases() == null ? List.of() : project.knowledgeBases();
      tools = new ArrayList<>(project.toolsOrEmpty());
      models = new ArrayList<>(project.modelsOrEmpty());
      memories = new ArrayList<>(project.memories() == null ? List.of() : project.memories());
      mcps = new ArrayList<>(project.mcps() == null ? List.of() : project.mcps());
      schemas = new ArrayList<>(project.schemas() == null ? List.of() : project.schemas());
    }

    /** What autoload added to a list that began with what compozy.yaml declares. */
    <T> List<T> autoloaded(List<T> all, @Nullable List<T> declared) {
      return all.subList(declared == null ? 0 : declared.size(), all.size());
    }

    KnownIds known(KnownIds stored) {
      return new KnownIds(
          union(stored.tools(), tools.stream().map(ToolDef::id).toList()),
          union(stored.agents(), agents.stream().map(AgentDef::id).toList()),
          union(stored.schemas(), ids(schemas)),
          union(stored.mcps(), ids(mcps)),
          union(stored.memories(), ids(memories)),
          union(
              stored.models(), models.stream().map(ModelDef::id).filter(Objects::nonNull).toList()),
          union(stored.knowledgeBases(), ids(knowledgeBases)));
    }

    private static List<String> ids(List<Object> definitions) {
      return definitions.stream()
          .filter(d -> d instanceof Map<?, ?> m && m.get("id") instanceof String)
          .map(d -> (String) ((Map<?, ?>) d).get("id"))
          .toList();
    }

    private static @Nullable Set<String> union(@Nullable Set<String> stored, List<String> own) {
      if (stored == null) {
        return null;
      }
      Set<String> out = new HashSet<>(stored);
      out.addAll(own);
      return out;
    }
  }

  /** The shape of Compozy's catalogue (dsl/compozy-fields.yaml) each definition type is read as. */
  private static final Map<Class<?>, String> SHAPES =
      Map.of(
          ProjectDef.class,
          "project",
          WorkflowDef.class,
          "workflow",
          TaskDef.class,
          "task",
          AgentDef.class,
          "agent",
          ToolDef.class,
          "tool",
          MemoryDef.class,
          "memory",
          McpDef.class,
          "mcp",
          ModelDef.class,
          "model");

  /** Reads files, remembering each one's text for lines and collecting problems. */
  private static final class Files {
    final Path root;
    final List<String> problems = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();
    final Map<Path, YamlLines> lines = new HashMap<>();

    Files(Path root) {
      this.root = root;
    }

    String name(Path file) {
      return root.relativize(file).toString();
    }

    @Nullable JsonNode tree(Path file) {
      String name = name(file);
      if (!java.nio.file.Files.isRegularFile(file)) {
        problems.add(name + ": file not found");
        return null;
      }
      try {
        String text = java.nio.file.Files.readString(file);
        YamlLines at = YamlLines.of(text);
        lines.put(file, at);
        JsonNode tree;
        try {
          tree = YamlAliases.resolve(Json.YAML.readTree(text), at.aliasTargets());
        } catch (YamlAliases.TooLarge e) {
          problems.add(name + ": " + e.getMessage());
          return null;
        }
        List<Violation> directives = Directives.check(tree);
        report(file, directives);
        return directives.isEmpty() ? tree : null;
      } catch (JacksonException e) {
        problems.add(name + line(e) + " " + e.getOriginalMessage());
        return null;
      } catch (IOException e) {
        problems.add(name + ": " + e.getMessage());
        return null;
      }
    }

    <T> @Nullable T read(Path file, Class<T> type) {
      JsonNode tree = tree(file);
      return tree == null ? null : bind(file, tree, type);
    }

    <T> @Nullable T bind(Path file, JsonNode tree, Class<T> type) {
      String shape = SHAPES.get(type);
      if (shape != null) {
        boolean refused = false;
        for (CompozyFields.Finding f : CompozyFields.apply(tree, shape)) {
          String text =
              where(file, f.pointer()) + " " + YamlLines.readable(f.pointer()) + ": " + f.message();
          if (f.error()) {
            problems.add(text);
            refused = true;
          } else {
            warnings.add(text);
          }
        }
        if (refused) {
          return null;
        }
      }
      try {
        return Json.STRICT_YAML.treeToValue(tree, type);
      } catch (JacksonException e) {
        String pointer = JsonErrors.pointer(e);
        String message = JsonErrors.message(e);
        problems.add(
            where(file, pointer)
                + " "
                + (pointer.isEmpty() ? "" : YamlLines.readable(pointer) + ": ")
                + message);
        return null;
      }
    }

    void report(@Nullable Path file, List<Violation> violations) {
      for (Violation v : violations) {
        String where = file == null ? "project" : where(file, v.pointer());
        problems.add(
            where
                + " "
                + (v.pointer().isEmpty() ? "" : YamlLines.readable(v.pointer()) + ": ")
                + v.message());
      }
    }

    /**
     * {@code file:line:column} of the value at {@code pointer}, as editors and compilers write it.
     */
    String where(Path file, String pointer) {
      YamlLines at = lines.get(file);
      return name(file) + (at == null ? "" : at.at(pointer));
    }

    void readResource(Path file, Resources found) {
      JsonNode tree = tree(file);
      if (tree == null) {
        return;
      }
      if (!(tree instanceof ObjectNode node) || !node.path("resource").isString()) {
        problems.add(
            name(file)
                + ": an autoloaded file names its kind in `resource:` ("
                + String.join(", ", AUTOLOADED)
                + ")");
        return;
      }
      String kind = node.path("resource").asString();
      node.remove("resource");
      switch (kind) {
        case "agent" ->
            add(
                bind(file, node, AgentDef.class),
                a -> {
                  found.agents.add(a);
                  found.agentFiles.put(a.id(), file);
                });
        case "tool" -> add(bind(file, node, ToolDef.class), found.tools::add);
        case "model" -> add(bind(file, node, ModelDef.class), found.models::add);
        case "task" -> add(bind(file, node, TaskDef.class), found.tasks::add);
        case "workflow" ->
            add(bind(file, node, WorkflowDef.class), w -> found.workflowFiles.put(w, file));
        case "memory" ->
            add(
                bind(file, node, MemoryDef.class),
                m -> found.memories.add(Json.YAML.treeToValue(node, Object.class)));
        case "mcp" ->
            add(
                bind(file, node, McpDef.class),
                m -> found.mcps.add(Json.YAML.treeToValue(node, Object.class)));
        case "schema" -> {
          if (node.path("id").isString()) {
            found.schemas.add(Json.YAML.treeToValue(node, Object.class));
          } else {
            problems.add(name(file) + " id: a schema resource needs its id");
          }
        }
        default ->
            problems.add(
                name(file)
                    + ": resource '"
                    + kind
                    + "' cannot be autoloaded ("
                    + String.join(", ", AUTOLOADED)
                    + ")");
      }
    }

    private static <T> void add(@Nullable T value, Consumer<T> to) {
      if (value != null) {
        to.accept(value);
      }
    }
  }

  private static List<Path> autoloaded(
      Path root, ProjectDef.@Nullable Autoload autoload, List<String> problems) {
    if (autoload == null
        || Boolean.FALSE.equals(autoload.enabled())
        || autoload.include() == null) {
      return List.of();
    }
    List<PathMatcher> include =
        autoload.include().stream()
            .map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g))
            .toList();
    List<PathMatcher> exclude =
        autoload.exclude() == null
            ? List.of()
            : autoload.exclude().stream()
                .map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g))
                .toList();
    try (Stream<Path> files = java.nio.file.Files.walk(root)) {
      return files
          .filter(java.nio.file.Files::isRegularFile)
          .filter(
              f -> {
                Path rel = root.relativize(f);
                return include.stream().anyMatch(m -> m.matches(rel))
                    && exclude.stream().noneMatch(m -> m.matches(rel));
              })
          .sorted()
          .toList();
    } catch (IOException e) {
      problems.add("autoload: " + e.getMessage());
      return List.of();
    }
  }

  private static String line(JacksonException e) {
    TokenStreamLocation at = e.getLocation();
    return at == null ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr();
  }
}
