package io.compozy.contracts.message;

/** Resumes a paused execution where it stopped. */
public record ResumeExecution(String messageId, String execId) implements EngineCommand {}
