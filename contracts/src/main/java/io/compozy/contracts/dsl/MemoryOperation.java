package io.compozy.contracts.dsl;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a memory task or the memory API does to a memory instance: three reads and five writes (the
 * API serves reads with GET, writes with POST).
 */
public enum MemoryOperation {
  READ(true),
  WRITE(false),
  APPEND(false),
  DELETE(false),
  CLEAR(false),
  FLUSH(false),
  STATS(true),
  HEALTH(true);

  private final boolean read;

  MemoryOperation(boolean read) {
    this.read = read;
  }

  /** Reads change nothing (the API's GETs). */
  public boolean isRead() {
    return read;
  }

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The operation a name says, if it names one. */
  public static Optional<MemoryOperation> parse(String value) {
    return Arrays.stream(values()).filter(o -> o.wireName().equals(value)).findFirst();
  }

  @JsonCreator
  public static MemoryOperation fromWire(String value) {
    return parse(value).orElseThrow(() -> WireNames.unknown(value, values()));
  }
}
