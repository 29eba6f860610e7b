package io.compozy.execution.memory;

/** A memory operation that cannot be done as asked; {@code pointer} names the field at fault. */
public final class MemoryException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String pointer;

  MemoryException(String pointer, String message) {
    super(message);
    this.pointer = pointer;
  }

  public String pointer() {
    return pointer;
  }
}
