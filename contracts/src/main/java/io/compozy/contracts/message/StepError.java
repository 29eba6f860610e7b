package io.compozy.contracts.message;

/** A failure as users see it: a stable type (e.g. {@code tool_error}) and a message. */
public record StepError(String type, String message) {}
