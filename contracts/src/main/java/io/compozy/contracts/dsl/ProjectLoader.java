package io.compozy.contracts.dsl;

import io.compozy.contracts.json.Json;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a project directory: {@code compozy.yaml}, the workflow files it lists and the resource
 * files its {@code autoload} globs find (each says what it is in {@code resource:}). Every problem
 * is collected, with file and line, before the load fails.
 */
public final class ProjectLoader {
  public static final String PROJECT_FILE = "compozy.yaml";

  private ProjectLoader() {}

  public static LoadedProject load(Path dir) {
    Path root = dir.toAbsolutePath().normalize();
    List<String> problems = new ArrayList<>();
    ProjectDef project = read(root.resolve(PROJECT_FILE), root, ProjectDef.class, problems);
    if (project == null) {
      throw new ProjectLoadException(problems);
    }
    List<WorkflowDef> workflows = new ArrayList<>();
    for (ProjectDef.WorkflowSource source : project.workflowsOrEmpty()) {
      WorkflowDef wf = read(root.resolve(source.source()).normalize(), root, WorkflowDef.class, problems);
      if (wf != null) {
        workflows.add(wf);
      }
    }
    List<AgentDef> agents = new ArrayList<>();
    List<ToolDef> tools = new ArrayList<>(project.toolsOrEmpty());
    List<ModelDef> models = new ArrayList<>(project.modelsOrEmpty());
    List<Object> memories = new ArrayList<>(project.memories() == null ? List.of() : project.memories());
    for (Path file : autoloaded(root, project.autoload(), problems)) {
      readResource(file, root, problems, agents, tools, models, memories);
    }
    if (!problems.isEmpty()) {
      throw new ProjectLoadException(problems);
    }
    ProjectDef merged = new ProjectDef(project.name(), project.version(), project.description(), project.author(),
        project.workflows(), models.isEmpty() ? null : models, tools.isEmpty() ? null : tools, project.runtime(), project.config(),
        project.schemas(), memories.isEmpty() ? null : memories, project.mcps(), project.autoload());
    return new LoadedProject(root, merged, workflows, agents);
  }

  private static List<Path> autoloaded(Path root, ProjectDef.@Nullable Autoload autoload, List<String> problems) {
    if (autoload == null || Boolean.FALSE.equals(autoload.enabled()) || autoload.include() == null) {
      return List.of();
    }
    List<PathMatcher> include = autoload.include().stream().map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g)).toList();
    List<PathMatcher> exclude = autoload.exclude() == null ? List.of()
        : autoload.exclude().stream().map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g)).toList();
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile)
          .filter(f -> {
            Path rel = root.relativize(f);
            return include.stream().anyMatch(m -> m.matches(rel)) && exclude.stream().noneMatch(m -> m.matches(rel));
          })
          .sorted()
          .toList();
    } catch (IOException e) {
      problems.add("autoload: " + e.getMessage());
      return List.of();
    }
  }

  private static void readResource(Path file, Path root, List<String> problems, List<AgentDef> agents, List<ToolDef> tools,
      List<ModelDef> models, List<Object> memories) {
    String name = root.relativize(file).toString();
    JsonNode tree;
    try {
      tree = Json.YAML.readTree(Files.readString(file));
    } catch (JacksonException e) {
      problems.add(name + line(e) + " " + e.getOriginalMessage());
      return;
    } catch (IOException e) {
      problems.add(name + ": " + e.getMessage());
      return;
    }
    if (!(tree instanceof ObjectNode node) || !node.path("resource").isString()) {
      problems.add(name + ": an autoloaded file names its kind in `resource:` (agent, tool, model or memory)");
      return;
    }
    String kind = node.path("resource").asString();
    node.remove("resource");
    try {
      switch (kind) {
        case "agent" -> agents.add(Json.YAML.treeToValue(node, AgentDef.class));
        case "tool" -> tools.add(Json.YAML.treeToValue(node, ToolDef.class));
        case "model" -> models.add(Json.YAML.treeToValue(node, ModelDef.class));
        case "memory" -> {
          Json.YAML.treeToValue(node, MemoryDef.class); // checked here, kept as written
          memories.add(Json.YAML.treeToValue(node, Object.class));
        }
        default -> problems.add(name + ": resource '" + kind + "' cannot be autoloaded (agent, tool, model or memory)");
      }
    } catch (JacksonException e) {
      problems.add(name + " " + e.getOriginalMessage());
    }
  }

  private static <T> @Nullable T read(Path file, Path root, Class<T> type, List<String> problems) {
    String name = root.relativize(file).toString();
    if (!Files.isRegularFile(file)) {
      problems.add(name + ": file not found");
      return null;
    }
    try {
      return Json.YAML.readValue(Files.readString(file), type);
    } catch (JacksonException e) {
      problems.add(name + line(e) + " " + e.getOriginalMessage());
      return null;
    } catch (IOException e) {
      problems.add(name + ": " + e.getMessage());
      return null;
    }
  }

  private static String line(JacksonException e) {
    TokenStreamLocation at = e.getLocation();
    return at == null ? "" : ":" + at.getLineNr();
  }
}
