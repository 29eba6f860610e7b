package io.compozy.contracts.dsl;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Emits the event {@code signal.id} with a payload, which starts workflows whose trigger matches.
 */
public record SignalTask(
    String id,
    @Nullable String type,
    Signal signal,
    @Nullable String condition,
    @Nullable Map<String, Object> with,
    @Nullable Object input,
    @Nullable Object output,
    @Nullable Map<String, Object> outputs,
    @Nullable Map<String, Object> env,
    @Nullable TaskConfig config,
    @Nullable Integer retries,
    @Nullable String timeout,
    @Nullable String sleep,
    @Nullable Transition onSuccess,
    @Nullable Transition onError,
    @JsonProperty("final") @Nullable Boolean isFinal)
    implements TaskDef {
  /** The event to emit: its name and templated payload. */
  public record Signal(String id, @Nullable Object payload) {}

  @Override
  public @Nullable String skipCondition() {
    return condition;
  }
}
