package io.compozy.standalone;

import java.nio.file.Path;
import java.util.List;

/** The project directory given at start-up does not load: its problems, each at file and line. */
public final class ProjectRefusedException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private final transient Path directory;
  private final List<String> problems;

  public ProjectRefusedException(Path directory, List<String> problems) {
    super("cannot load the project in " + directory + ":\n  " + String.join("\n  ", problems));
    this.directory = directory;
    this.problems = List.copyOf(problems);
  }

  public Path directory() {
    return directory;
  }

  public List<String> problems() {
    return problems;
  }
}
