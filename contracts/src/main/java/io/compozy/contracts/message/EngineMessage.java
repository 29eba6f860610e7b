package io.compozy.contracts.message;

/** Anything the orchestrator consumes: every message names its execution and has a unique id. */
public sealed interface EngineMessage permits EngineCommand, StepResult {
  /**
   * Unique per message; a redelivered message keeps its id, so consumers drop it as a duplicate.
   */
  String messageId();

  String execId();
}
