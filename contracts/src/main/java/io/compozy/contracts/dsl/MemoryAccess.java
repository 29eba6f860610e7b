package io.compozy.contracts.dsl;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Whether an agent appends its turns to a memory it reads (the default) or only reads it. */
public enum MemoryAccess {
  READ_WRITE("read-write"),
  READ_ONLY("read-only");

  private final String wireName;

  MemoryAccess(String wireName) {
    this.wireName = wireName;
  }

  @JsonValue
  public String wireName() {
    return wireName;
  }

  @JsonCreator
  public static MemoryAccess fromWire(String value) {
    for (MemoryAccess a : values()) {
      if (a.wireName.equals(value)) {
        return a;
      }
    }
    throw new IllegalArgumentException("'" + value + "' is not one of read-write, read-only");
  }
}
