package io.compozy.contracts.message;

import org.jspecify.annotations.Nullable;

/** Resumes a paused execution where it stopped. */
public record ResumeExecution(String messageId, String execId) implements EngineCommand {}
