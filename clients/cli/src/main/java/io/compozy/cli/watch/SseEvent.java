package io.compozy.cli.watch;

import org.jspecify.annotations.Nullable;

/** One server-sent event: {@code id} (absent for token chunks), its name, and its data. */
public record SseEvent(@Nullable String id, String event, String data) {}
