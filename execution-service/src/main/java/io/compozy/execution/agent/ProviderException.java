package io.compozy.execution.agent;

/** A model call failed; {@code retryable} says whether a later attempt may succeed. */
final class ProviderException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final boolean retryable;

  ProviderException(String message, boolean retryable) {
    super(message);
    this.retryable = retryable;
  }

  ProviderException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  boolean retryable() {
    return retryable;
  }
}
