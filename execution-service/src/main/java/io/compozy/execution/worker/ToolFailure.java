package io.compozy.execution.worker;

/**
 * A tool call refused or failed in a way the caller should see; {@code retryable} when a retry may
 * help.
 */
public final class ToolFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String type;
  private final boolean retryable;

  ToolFailure(String type, String message, boolean retryable) {
    super(message, null, false, false);
    this.type = type;
    this.retryable = retryable;
  }

  public String type() {
    return type;
  }

  public boolean retryable() {
    return retryable;
  }
}
