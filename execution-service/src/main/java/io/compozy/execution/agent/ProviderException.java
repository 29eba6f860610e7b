package io.compozy.execution.agent;

/** A model call failed; {@code retryable} says whether a later attempt may succeed. */
final class ProviderException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String type;
  private final boolean retryable;

  ProviderException(String message, boolean retryable) {
    this("provider_error", message, retryable);
  }

  ProviderException(String type, String message, boolean retryable) {
    super(message);
    this.type = type;
    this.retryable = retryable;
  }

  String type() {
    return type;
  }

  boolean retryable() {
    return retryable;
  }
}
