package io.compozy.contracts.template;

import io.compozy.contracts.template.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Splits a template into items the way Go's text/template/parse lexer does: text, delimiters with
 * their trim markers, comments, and inside actions spaces, operators, literals, fields, variables,
 * identifiers and keywords. Stops at the first error, which becomes an {@link Kind#ERROR} item.
 */
final class Lexer {
  private static final String LEFT = "{{";
  private static final String RIGHT = "}}";
  private static final Map<String, Kind> KEYWORDS =
      Map.ofEntries(
          Map.entry(".", Kind.DOT),
          Map.entry("block", Kind.BLOCK),
          Map.entry("break", Kind.BREAK),
          Map.entry("continue", Kind.CONTINUE),
          Map.entry("define", Kind.DEFINE),
          Map.entry("else", Kind.ELSE),
          Map.entry("end", Kind.END),
          Map.entry("if", Kind.IF),
          Map.entry("range", Kind.RANGE),
          Map.entry("nil", Kind.NIL),
          Map.entry("template", Kind.TEMPLATE),
          Map.entry("with", Kind.WITH));

  private final String in;
  private final List<Token> items = new ArrayList<>();
  private int pos;
  private int start;
  private int line = 1;
  private int startLine = 1;
  private int parenDepth;
  private boolean failed;

  private Lexer(String in) {
    this.in = in;
  }

  static List<Token> lex(String input) {
    Lexer l = new Lexer(input);
    l.run();
    return l.items;
  }

  private void run() {
    while (!failed && lexText()) {
      lexAfterLeftDelim();
    }
    if (!failed) {
      items.add(new Token(Kind.EOF, "", pos, line));
    }
  }

  // --- text ---

  /** Emits text up to the next left delimiter; false at the end of input. */
  private boolean lexText() {
    int x = in.indexOf(LEFT, pos);
    if (x < 0) {
      pos = in.length();
      if (pos > start) {
        line += count(in, start, pos);
        emit(Kind.TEXT);
      }
      return false;
    }
    pos = x;
    int trim = hasLeftTrimMarker(pos + LEFT.length()) ? rightTrimLength(start, pos) : 0;
    int textEnd = pos - trim;
    if (textEnd > start) {
      int savedPos = pos;
      pos = textEnd;
      line += count(in, start, pos);
      emit(Kind.TEXT);
      pos = savedPos;
    }
    line += count(in, textEnd, pos);
    ignore();
    return true;
  }

  private void lexAfterLeftDelim() {
    pos += LEFT.length();
    boolean trim = hasLeftTrimMarker(pos);
    int after = trim ? 2 : 0;
    if (in.startsWith("/*", pos + after)) {
      pos += after;
      ignore();
      lexComment();
      return;
    }
    emit(Kind.LEFT_DELIM);
    pos += after;
    ignore();
    parenDepth = 0;
    lexInsideAction();
  }

  private void lexComment() {
    pos += 2;
    int x = in.indexOf("*/", pos);
    if (x < 0) {
      error("unclosed comment");
      return;
    }
    line += count(in, pos, x + 2);
    pos = x + 2;
    int delim = atRightDelim();
    if (delim < 0) {
      error("comment ends before closing delimiter");
      return;
    }
    if (delim == 1) {
      pos += 2;
    }
    pos += RIGHT.length();
    if (delim == 1) {
      int t = leftTrimLength(pos);
      line += count(in, pos, pos + t);
      pos += t;
    }
    ignore();
  }

  // --- inside an action ---

  private void lexInsideAction() {
    while (!failed) {
      int delim = atRightDelim();
      if (delim >= 0) {
        if (parenDepth == 0) {
          lexRightDelim(delim == 1);
          return;
        }
        error("unclosed left paren");
        return;
      }
      if (pos >= in.length()) {
        error("unclosed action");
        return;
      }
      int r = in.codePointAt(pos);
      pos += Character.charCount(r);
      if (isSpace(r)) {
        pos -= 1;
        if (lexSpace()) {
          lexRightDelim(true);
          return;
        }
      } else if (r == '=') {
        emit(Kind.ASSIGN);
      } else if (r == ':') {
        if (pos >= in.length() || in.charAt(pos) != '=') {
          error("expected :=");
          return;
        }
        pos++;
        emit(Kind.DECLARE);
      } else if (r == '|') {
        emit(Kind.PIPE);
      } else if (r == '"') {
        lexQuote();
      } else if (r == '`') {
        lexRawQuote();
      } else if (r == '$') {
        lexVariable();
      } else if (r == '\'') {
        lexChar();
      } else if (r == '.' && pos < in.length() && (in.charAt(pos) < '0' || in.charAt(pos) > '9')) {
        lexFieldOrVariable(Kind.FIELD);
      } else if (r == '.' || r == '+' || r == '-' || r >= '0' && r <= '9') {
        pos--;
        lexNumber();
      } else if (isAlphaNumeric(r)) {
        pos -= Character.charCount(r);
        lexIdentifier();
      } else if (r == '(') {
        emit(Kind.LEFT_PAREN);
        parenDepth++;
      } else if (r == ')') {
        emit(Kind.RIGHT_PAREN);
        parenDepth--;
        if (parenDepth < 0) {
          error("unexpected right paren " + describeRune(r));
          return;
        }
      } else if (r <= 0x7f && GoQuote.isPrint(r)) {
        emit(Kind.CHAR);
      } else {
        error("unrecognized character in action: " + describeRune(r));
        return;
      }
    }
  }

  /** Emits a run of spaces; true when it ends at a trim-marked right delimiter (" -}}"). */
  private boolean lexSpace() {
    int spaces = 0;
    while (pos < in.length() && isSpace(in.charAt(pos))) {
      if (in.charAt(pos) == '\n') {
        line++;
      }
      pos++;
      spaces++;
    }
    if (hasRightTrimMarker(pos - 1) && in.startsWith(RIGHT, pos + 1)) {
      pos--;
      if (in.charAt(pos) == '\n') {
        line--;
      }
      if (spaces == 1) {
        return true;
      }
    }
    emit(Kind.SPACE);
    return false;
  }

  private void lexRightDelim(boolean trim) {
    if (trim) {
      if (in.charAt(pos) == '\n') {
        line++;
      }
      pos += 2;
      ignore();
    }
    pos += RIGHT.length();
    emit(Kind.RIGHT_DELIM);
    if (trim) {
      int t = leftTrimLength(pos);
      line += count(in, pos, pos + t);
      pos += t;
      ignore();
    }
  }

  private void lexIdentifier() {
    while (pos < in.length()) {
      int r = in.codePointAt(pos);
      if (!isAlphaNumeric(r)) {
        break;
      }
      pos += Character.charCount(r);
    }
    String word = in.substring(start, pos);
    if (!atTerminator()) {
      error("bad character " + describeRune(in.codePointAt(pos)));
      return;
    }
    Kind keyword = KEYWORDS.get(word);
    if (keyword != null && keyword != Kind.DOT) {
      emit(keyword);
    } else if (word.equals("true") || word.equals("false")) {
      emit(Kind.BOOL);
    } else {
      emit(Kind.IDENTIFIER);
    }
  }

  private void lexVariable() {
    if (atTerminator()) {
      emit(Kind.VARIABLE);
      return;
    }
    lexFieldOrVariable(Kind.VARIABLE);
  }

  private void lexFieldOrVariable(Kind kind) {
    if (atTerminator()) {
      emit(kind == Kind.VARIABLE ? Kind.VARIABLE : Kind.DOT);
      return;
    }
    while (pos < in.length()) {
      int r = in.codePointAt(pos);
      if (!isAlphaNumeric(r)) {
        break;
      }
      pos += Character.charCount(r);
    }
    if (!atTerminator()) {
      error("bad character " + describeRune(in.codePointAt(pos)));
      return;
    }
    emit(kind);
  }

  private void lexChar() {
    lexQuoted('\'', "unterminated character constant", Kind.CHAR_CONSTANT);
  }

  private void lexQuote() {
    lexQuoted('"', "unterminated quoted string", Kind.STRING);
  }

  /**
   * A quoted item up to {@code end}: a backslash escapes the next character; a newline or the end
   * of input is an error.
   */
  private void lexQuoted(char end, String unterminated, Kind kind) {
    while (true) {
      if (pos >= in.length()) {
        error(unterminated);
        return;
      }
      char c = in.charAt(pos++);
      if (c == '\\') {
        if (pos < in.length() && in.charAt(pos) != '\n') {
          pos++;
          continue;
        }
        error(unterminated);
        return;
      }
      if (c == '\n') {
        error(unterminated);
        return;
      }
      if (c == end) {
        break;
      }
    }
    emit(kind);
  }

  private void lexRawQuote() {
    int x = in.indexOf('`', pos);
    if (x < 0) {
      error("unterminated raw quoted string");
      return;
    }
    pos = x + 1;
    emitCountingLines(Kind.RAW_STRING);
  }

  private void lexNumber() {
    if (!scanNumber()) {
      error("bad number syntax: " + GoQuote.quote(in.substring(start, Math.min(pos, in.length()))));
      return;
    }
    if (pos < in.length() && (in.charAt(pos) == '+' || in.charAt(pos) == '-')) {
      // a complex number 1+2i: accepted by the lexer, refused when used
      if (!scanNumber() || in.charAt(pos - 1) != 'i') {
        error(
            "bad number syntax: " + GoQuote.quote(in.substring(start, Math.min(pos, in.length()))));
        return;
      }
    }
    emit(Kind.NUMBER);
  }

  private boolean scanNumber() {
    accept("+-");
    String digits = "0123456789_";
    if (accept("0")) {
      if (accept("xX")) {
        digits = "0123456789abcdefABCDEF_";
      } else if (accept("oO")) {
        digits = "01234567_";
      } else if (accept("bB")) {
        digits = "01_";
      }
    }
    acceptRun(digits);
    if (accept(".")) {
      acceptRun(digits);
    }
    if (digits.length() == 11 && accept("eE")) {
      accept("+-");
      acceptRun("0123456789_");
    }
    if (digits.length() == 23 && accept("pP")) {
      accept("+-");
      acceptRun("0123456789_");
    }
    accept("i");
    if (pos < in.length() && isAlphaNumeric(in.codePointAt(pos))) {
      pos += Character.charCount(in.codePointAt(pos));
      return false;
    }
    return true;
  }

  private boolean accept(String valid) {
    if (pos < in.length() && valid.indexOf(in.charAt(pos)) >= 0) {
      pos++;
      return true;
    }
    return false;
  }

  private void acceptRun(String valid) {
    while (accept(valid)) {
      // consume
    }
  }

  // --- helpers ---

  /** 0: a plain right delimiter here; 1: a trim-marked one (" -}}"); -1: none. */
  private int atRightDelim() {
    if (hasRightTrimMarker(pos) && in.startsWith(RIGHT, pos + 2)) {
      return 1;
    }
    return in.startsWith(RIGHT, pos) ? 0 : -1;
  }

  private boolean hasLeftTrimMarker(int at) {
    return at + 1 < in.length() && in.charAt(at) == '-' && isSpace(in.charAt(at + 1));
  }

  private boolean hasRightTrimMarker(int at) {
    return at >= 0 && at + 1 < in.length() && isSpace(in.charAt(at)) && in.charAt(at + 1) == '-';
  }

  private boolean atTerminator() {
    if (pos >= in.length()) {
      return true;
    }
    char r = in.charAt(pos);
    if (isSpace(r)) {
      return true;
    }
    return switch (r) {
      case '.', ',', '|', ':', ')', '(' -> true;
      default -> in.startsWith(RIGHT, pos);
    };
  }

  private int rightTrimLength(int from, int to) {
    int i = to;
    while (i > from && isSpace(in.charAt(i - 1))) {
      i--;
    }
    return to - i;
  }

  private int leftTrimLength(int from) {
    int i = from;
    while (i < in.length() && isSpace(in.charAt(i))) {
      i++;
    }
    return i - from;
  }

  static boolean isSpace(int r) {
    return r == ' ' || r == '\t' || r == '\r' || r == '\n';
  }

  static boolean isAlphaNumeric(int r) {
    return r == '_' || Character.isLetter(r) || Character.isDigit(r);
  }

  /** Go's %#U of a rune: U+0023 '#'. */
  static String describeRune(int r) {
    String hex = Integer.toHexString(r).toUpperCase(Locale.ROOT);
    String u = "U+" + "0".repeat(Math.max(0, 4 - hex.length())) + hex;
    return GoQuote.isPrint(r) ? u + " '" + new String(Character.toChars(r)) + "'" : u;
  }

  private static int count(String s, int from, int to) {
    int n = 0;
    for (int i = from; i < to && i < s.length(); i++) {
      if (s.charAt(i) == '\n') {
        n++;
      }
    }
    return n;
  }

  private void emit(Kind kind) {
    items.add(new Token(kind, in.substring(start, pos), start, startLine));
    start = pos;
    startLine = line;
  }

  private void emitCountingLines(Kind kind) {
    line += count(in, start, pos);
    items.add(new Token(kind, in.substring(start, pos), start, startLine));
    start = pos;
    startLine = line;
  }

  private void ignore() {
    start = pos;
    startLine = line;
  }

  private void error(String message) {
    items.add(new Token(Kind.ERROR, message, start, startLine));
    failed = true;
  }
}
