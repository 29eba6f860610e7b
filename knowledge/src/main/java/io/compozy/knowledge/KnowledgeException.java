package io.compozy.knowledge;

/**
 * A knowledge base that cannot be ingested or queried as asked, with why; {@code field} names what
 * to fix.
 */
public final class KnowledgeException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String field;

  public KnowledgeException(String field, String message) {
    super(message, null, false, false);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
