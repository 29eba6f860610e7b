package io.compozy.contracts.template;

/** A template that does not parse or fails to render; the message names the line and column. */
public final class TemplateException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TemplateException(String message) {
    super(message);
  }

  static TemplateException at(String source, int offset, String message) {
    int line = 1;
    int col = 1;
    for (int i = 0; i < offset && i < source.length(); i++) {
      if (source.charAt(i) == '\n') {
        line++;
        col = 1;
      } else {
        col++;
      }
    }
    return new TemplateException("template " + line + ":" + col + ": " + message);
  }
}
