package io.compozy.contracts.dsl;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/** Whether a collection task runs its items side by side (the default) or one after another. */
public enum CollectionMode {
  PARALLEL,
  SEQUENTIAL;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static CollectionMode fromWire(String value) {
    return Arrays.stream(values())
        .filter(m -> m.wireName().equals(value))
        .findFirst()
        .orElseThrow(() -> WireNames.unknown(value, values()));
  }
}
