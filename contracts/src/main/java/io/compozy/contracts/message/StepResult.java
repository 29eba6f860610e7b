package io.compozy.contracts.message;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** What a worker reports for one step, on {@code compozy.step-results} keyed by execution id. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = StepSucceeded.class, name = "step_succeeded"),
  @JsonSubTypes.Type(value = StepFailed.class, name = "step_failed")
})
public sealed interface StepResult extends EngineMessage permits StepSucceeded, StepFailed {
  String taskId();

  String stepId();

  int attempt();
}
