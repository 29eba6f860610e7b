package io.compozy.contracts.dsl;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A task of a workflow. The {@code type} field picks the record ({@code basic} when absent); fields
 * every type has are declared here.
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
  @JsonSubTypes.Type(value = AggregateTask.class, name = "aggregate")
})
public sealed interface TaskDef permits BasicTask, RouterTask, AggregateTask {
  String id();

  @Nullable Map<String, Object> with();

  @Nullable Map<String, Object> outputs();

  @Nullable Transition onSuccess();

  @Nullable Transition onError();

  @Nullable Boolean isFinal();

  /** {@code on_success} / {@code on_error}: the task to go to next, with extra inputs. */
  record Transition(@Nullable String next, @Nullable Map<String, Object> with) {}

  default boolean endsWorkflow() {
    return Boolean.TRUE.equals(isFinal());
  }
}
