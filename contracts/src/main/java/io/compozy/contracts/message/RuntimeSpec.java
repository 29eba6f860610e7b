package io.compozy.contracts.message;

/** Where a project's script tools live: the runtime ({@code node}) and the absolute entrypoint path. */
public record RuntimeSpec(String type, String entrypoint) {}
