package io.compozy.contracts.dsl;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** How a failed step is tried again; any field left out cascades from the enclosing config. */
public record RetryPolicy(
    @Nullable String initialInterval,
    @Nullable Double backoffCoefficient,
    @Nullable String maximumInterval,
    @Nullable Integer maximumAttempts,
    @Nullable List<String> nonRetryableErrorTypes) {

  /** The language's defaults (DSL.md): 1s, ×2, at most 1m apart, 3 attempts. */
  public static final RetryPolicy DEFAULTS = new RetryPolicy("1s", 2.0, "1m", 3, List.of());

  /** This policy with its missing fields taken from {@code outer}. */
  public RetryPolicy over(@Nullable RetryPolicy outer) {
    if (outer == null) {
      return this;
    }
    return new RetryPolicy(
        initialInterval != null ? initialInterval : outer.initialInterval,
        backoffCoefficient != null ? backoffCoefficient : outer.backoffCoefficient,
        maximumInterval != null ? maximumInterval : outer.maximumInterval,
        maximumAttempts != null ? maximumAttempts : outer.maximumAttempts,
        nonRetryableErrorTypes != null ? nonRetryableErrorTypes : outer.nonRetryableErrorTypes);
  }
}
