package io.compozy.cli;

import java.util.List;

/** A command that cannot go on: one line for the user (and details under it), and the exit code. */
public final class CliException extends RuntimeException {
  private final ExitCode exitCode;
  private final List<String> details;

  public CliException(ExitCode exitCode, String message) {
    this(exitCode, message, List.of());
  }

  public CliException(ExitCode exitCode, String message, List<String> details) {
    super(message);
    this.exitCode = exitCode;
    this.details = List.copyOf(details);
  }

  public ExitCode exitCode() {
    return exitCode;
  }

  public List<String> details() {
    return details;
  }
}
