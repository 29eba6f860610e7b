package io.compozy.contracts.dsl;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What starts a workflow besides the API and its schedule: an event by name, or a webhook. The
 * definition keeps the name as written so that the checks report it with every other problem.
 */
public enum TriggerType {
  SIGNAL,
  WEBHOOK;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<TriggerType> parse(@Nullable String name) {
    return Arrays.stream(values()).filter(t -> t.wireName().equals(name)).findFirst();
  }
}
