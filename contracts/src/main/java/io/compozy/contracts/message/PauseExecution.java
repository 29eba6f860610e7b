package io.compozy.contracts.message;

/** Pauses an execution: running steps finish, nothing new is dispatched until it resumes. */
public record PauseExecution(String messageId, String execId) implements EngineCommand {}
