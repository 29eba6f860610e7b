package io.compozy.contracts.dsl;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** An operation on an agent memory instance, run by the memory worker. */
public record MemoryTask(
    String id,
    @Nullable String type,
    MemoryOperation operation,
    String memoryRef,
    @Nullable String keyTemplate,
    @Nullable Object payload,
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

  @Override
  public @Nullable String skipCondition() {
    return condition;
  }
}
