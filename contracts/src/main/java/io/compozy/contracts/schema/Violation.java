package io.compozy.contracts.schema;

/** One reason a value fails its schema: where ({@code /message}, a JSON pointer) and why. */
public record Violation(String pointer, String message) {}
