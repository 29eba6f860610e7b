package io.compozy.contracts.message;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** A command for the orchestrator, carried on {@code compozy.commands} keyed by execution id. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = StartExecution.class, name = "start_execution"),
  @JsonSubTypes.Type(value = CancelExecution.class, name = "cancel_execution"),
  @JsonSubTypes.Type(value = PauseExecution.class, name = "pause_execution"),
  @JsonSubTypes.Type(value = ResumeExecution.class, name = "resume_execution"),
  @JsonSubTypes.Type(value = SignalExecution.class, name = "signal_execution"),
  @JsonSubTypes.Type(value = TimerFired.class, name = "timer_fired")
})
public sealed interface EngineCommand extends EngineMessage
    permits StartExecution,
        CancelExecution,
        PauseExecution,
        ResumeExecution,
        SignalExecution,
        TimerFired {}
