package io.compozy.contracts.template;

/** A lexical token of a template; {@code pos} is its offset in the source. */
record Token(Kind kind, String text, int pos) {
  enum Kind {
    TEXT,
    LEFT_DELIM,
    RIGHT_DELIM,
    FIELD,
    VARIABLE,
    IDENTIFIER,
    KEYWORD,
    STRING,
    NUMBER,
    BOOL,
    NIL,
    DOT,
    PIPE,
    LEFT_PAREN,
    RIGHT_PAREN,
    DECLARE,
    ASSIGN,
    COMMA,
    EOF
  }
}
