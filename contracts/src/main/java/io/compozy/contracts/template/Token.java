package io.compozy.contracts.template;

/** A lexical item of a template, as Go's text/template/parse lexer emits them. */
record Token(Kind kind, String text, int pos, int line) {
  enum Kind {
    ERROR,
    EOF,
    TEXT,
    COMMENT,
    LEFT_DELIM,
    RIGHT_DELIM,
    SPACE,
    ASSIGN,
    DECLARE,
    PIPE,
    CHAR,
    CHAR_CONSTANT,
    STRING,
    RAW_STRING,
    NUMBER,
    BOOL,
    FIELD,
    VARIABLE,
    IDENTIFIER,
    DOT,
    LEFT_PAREN,
    RIGHT_PAREN,
    // keywords
    BLOCK,
    BREAK,
    CONTINUE,
    DEFINE,
    ELSE,
    END,
    IF,
    NIL,
    RANGE,
    TEMPLATE,
    WITH;

    boolean isKeyword() {
      return ordinal() >= BLOCK.ordinal() && this != NIL;
    }
  }

  /** How Go's parser names an item in its messages. */
  @Override
  public String toString() {
    return switch (kind) {
      case EOF -> "EOF";
      case ERROR -> text;
      default -> {
        if (kind.isKeyword()) {
          yield "<" + text + ">";
        }
        if (text.codePointCount(0, text.length()) > 10) {
          int end = text.offsetByCodePoints(0, 10);
          yield GoQuote.quote(text.substring(0, end)) + "...";
        }
        yield GoQuote.quote(text);
      }
    };
  }
}
