package io.compozy.contracts.template;

/**
 * A template that does not parse or fails to render. The message is Go's ("template: t:1:4:
 * executing …"); {@link #line()} and {@link #column()} locate it in the template's source (column 0
 * when Go names only the line, as for parse errors).
 */
public final class TemplateException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int line;
  private final int column;

  public TemplateException(String message) {
    this(message, 0, 0);
  }

  TemplateException(String message, int line, int column) {
    super(message, null, false, false);
    this.line = line;
    this.column = column;
  }

  /** The 1-based line in the template source, 0 if unknown. */
  public int line() {
    return line;
  }

  /** The 1-based column in the template source, 0 if unknown. */
  public int column() {
    return column;
  }
}
