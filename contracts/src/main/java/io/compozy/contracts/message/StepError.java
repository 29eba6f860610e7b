package io.compozy.contracts.message;

/**
 * A failure as users see it: a stable type (e.g. {@code tool_error}) and a message. The type is an
 * open set (a tool names its own); the engine's own types are the constants here.
 */
public record StepError(String type, String message) {
  /** A timer ran out: the execution that fails of it ends as {@code timed_out}. */
  public static final String TIMEOUT = "timeout";

  /** A timeout, whether the engine's own or one passed up from a child task (types pass up). */
  public boolean isTimeout() {
    return TIMEOUT.equals(type);
  }

  public static StepError timeout(String message) {
    return new StepError(TIMEOUT, message);
  }
}
