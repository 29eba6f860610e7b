package io.compozy.contracts.dsl;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Runs {@code task} once per item of {@code items} (a template giving a list) that passes {@code
 * filter}, in parallel or in sequence; its output is the list of results in item order.
 */
public record CollectionTask(
    String id,
    @Nullable String type,
    Object items,
    @Nullable String filter,
    @Nullable String itemVar,
    @Nullable String indexVar,
    @Nullable CollectionMode mode,
    @Nullable Integer batch,
    @Nullable Integer maxWorkers,
    @Nullable ChildStrategy strategy,
    TaskDef task,
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

  /**
   * The names an item's scope adds: item and index, and the collection's own item_var and
   * index_var.
   */
  public Set<String> loopVariables() {
    Set<String> names = new LinkedHashSet<>(List.of("item", "index"));
    if (itemVar != null) {
      names.add(itemVar);
    }
    if (indexVar != null) {
      names.add(indexVar);
    }
    return names;
  }
}
