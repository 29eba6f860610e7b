package io.compozy.contracts.dsl;

import org.jspecify.annotations.Nullable;

/** The cascading defaults of DSL.md ({@code config:} on project, workflow and task). */
public record TaskConfig(
    @Nullable RetryPolicy retryPolicy,
    @Nullable String startToCloseTimeout,
    @Nullable String scheduleToStartTimeout,
    @Nullable String scheduleToCloseTimeout,
    @Nullable String heartbeatTimeout) {

  public static final TaskConfig DEFAULTS =
      new TaskConfig(RetryPolicy.DEFAULTS, "5m", "1m", "6m", null);

  /** This config with its missing fields taken from {@code outer}. */
  public TaskConfig over(@Nullable TaskConfig outer) {
    if (outer == null) {
      return this;
    }
    return new TaskConfig(
        retryPolicy != null ? retryPolicy.over(outer.retryPolicy) : outer.retryPolicy,
        startToCloseTimeout != null ? startToCloseTimeout : outer.startToCloseTimeout,
        scheduleToStartTimeout != null ? scheduleToStartTimeout : outer.scheduleToStartTimeout,
        scheduleToCloseTimeout != null ? scheduleToCloseTimeout : outer.scheduleToCloseTimeout,
        heartbeatTimeout != null ? heartbeatTimeout : outer.heartbeatTimeout);
  }
}
