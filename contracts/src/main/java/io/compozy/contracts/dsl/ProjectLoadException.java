package io.compozy.contracts.dsl;

import java.util.List;

/** A project that cannot be loaded; every problem found is listed with its file and line. */
public final class ProjectLoadException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient List<String> problems;

  public ProjectLoadException(List<String> problems) {
    super(String.join("\n", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
