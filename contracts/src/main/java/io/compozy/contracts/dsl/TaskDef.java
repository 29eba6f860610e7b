package io.compozy.contracts.dsl;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A task of a workflow. The {@code type} field picks the record ({@code basic} when absent); the
 * fields every type has are declared here.
 */
@JsonTypeInfo(
    use = JsonTypeInfo.Id.NAME,
    include = JsonTypeInfo.As.EXISTING_PROPERTY,
    property = "type",
    visible = true,
    defaultImpl = BasicTask.class)
@JsonSubTypes({
  @JsonSubTypes.Type(value = BasicTask.class, name = "basic"),
  @JsonSubTypes.Type(value = RouterTask.class, name = "router"),
  @JsonSubTypes.Type(value = AggregateTask.class, name = "aggregate"),
  @JsonSubTypes.Type(value = ParallelTask.class, name = "parallel"),
  @JsonSubTypes.Type(value = CompositeTask.class, name = "composite"),
  @JsonSubTypes.Type(value = CollectionTask.class, name = "collection"),
  @JsonSubTypes.Type(value = WaitTask.class, name = "wait"),
  @JsonSubTypes.Type(value = SignalTask.class, name = "signal"),
  @JsonSubTypes.Type(value = MemoryTask.class, name = "memory")
})
public sealed interface TaskDef
    permits BasicTask,
        RouterTask,
        AggregateTask,
        ParallelTask,
        CompositeTask,
        CollectionTask,
        WaitTask,
        SignalTask,
        MemoryTask {
  List<String> TYPES =
      List.of(
          "basic",
          "router",
          "aggregate",
          "parallel",
          "composite",
          "collection",
          "wait",
          "signal",
          "memory");

  String id();

  @Nullable Map<String, Object> with();

  /**
   * The JSON Schema (in place, or a schema id) the task's rendered {@code with} must satisfy before
   * it runs.
   */
  @Nullable Object input();

  /** The JSON Schema (in place, or a schema id) the task's output must satisfy. */
  @Nullable Object output();

  @Nullable Map<String, Object> outputs();

  @Nullable Map<String, Object> env();

  @Nullable TaskConfig config();

  /** Shorthand for {@code config.retry_policy.maximum_attempts}. */
  @Nullable Integer retries();

  /** A container's (or wait's) time budget. */
  @Nullable String timeout();

  /** How long to pause after the task succeeds, before the next one. */
  @Nullable String sleep();

  @Nullable Transition onSuccess();

  @Nullable Transition onError();

  @Nullable Boolean isFinal();

  /**
   * The CEL condition that, when false, skips the task; null for types whose condition means
   * something else.
   */
  default @Nullable String skipCondition() {
    return null;
  }

  /** {@code on_success} / {@code on_error}: the task to go to next, with extra inputs. */
  record Transition(@Nullable String next, @Nullable Map<String, Object> with) {}

  default boolean endsWorkflow() {
    return Boolean.TRUE.equals(isFinal());
  }

  /** The children a container runs, in order (none for other types). */
  default List<TaskDef> children() {
    return List.of();
  }
}
