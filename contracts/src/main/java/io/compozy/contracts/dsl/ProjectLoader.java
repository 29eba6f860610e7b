package io.compozy.contracts.dsl;

import io.compozy.contracts.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;

/** Reads a project directory ({@code compozy.yaml} and the workflow files it lists). */
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
    if (!problems.isEmpty()) {
      throw new ProjectLoadException(problems);
    }
    return new LoadedProject(root, project, workflows);
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
      TokenStreamLocation at = e.getLocation();
      String line = at == null ? "" : ":" + at.getLineNr();
      problems.add(name + line + " " + e.getOriginalMessage());
      return null;
    } catch (IOException e) {
      problems.add(name + ": " + e.getMessage());
      return null;
    }
  }
}
