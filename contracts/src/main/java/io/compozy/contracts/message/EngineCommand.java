package io.compozy.contracts.message;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** A command for the orchestrator, carried on {@code compozy.commands} keyed by execution id. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(value = StartExecution.class, name = "start_execution")})
public sealed interface EngineCommand extends EngineMessage permits StartExecution {}
