package io.compozy.contracts.dsl;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Runs its {@code tasks} side by side ({@code max_workers} at a time) under a strategy: {@code
 * wait_all} (default), {@code fail_fast}, {@code best_effort} or {@code race}; its output is the
 * children's outputs by id.
 */
public record ParallelTask(
    String id,
    @Nullable String type,
    List<TaskDef> tasks,
    @Nullable ChildStrategy strategy,
    @Nullable Integer maxWorkers,
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
  public List<TaskDef> children() {
    return tasks;
  }

  @Override
  public @Nullable String skipCondition() {
    return condition;
  }
}
