package io.compozy.contracts.template;

import io.compozy.contracts.template.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Splits a template into tokens the way Go's text/template lexer does: text, and actions between
 * {@code {{ }}} with {@code {{-}} / {@code -}}} trimming the whitespace around them. Unlike Go, a
 * field name may contain hyphens ({@code .tasks.step-1.output}), which DSL.md promises.
 */
final class Lexer {
  private static final Set<String> KEYWORDS =
      Set.of("if", "else", "end", "range", "with", "break", "continue", "define", "template", "block");

  private final String src;
  private final List<Token> tokens = new ArrayList<>();
  private int pos;

  private Lexer(String src) {
    this.src = src;
  }

  static List<Token> lex(String src) {
    Lexer lexer = new Lexer(src);
    lexer.run();
    return lexer.tokens;
  }

  private void run() {
    while (pos < src.length()) {
      int open = src.indexOf("{{", pos);
      if (open < 0) {
        addText(src.substring(pos), pos);
        pos = src.length();
        break;
      }
      boolean trimLeft = open + 3 < src.length() && src.charAt(open + 2) == '-' && isSpace(src.charAt(open + 3));
      String text = src.substring(pos, open);
      if (trimLeft) {
        text = text.stripTrailing();
      }
      addText(text, pos);
      pos = open + (trimLeft ? 3 : 2);
      if (src.startsWith("/*", skipSpacesFrom(pos)) && isComment()) {
        continue;
      }
      tokens.add(new Token(Kind.LEFT_DELIM, "{{", open));
      lexInsideAction();
    }
    tokens.add(new Token(Kind.EOF, "", src.length()));
  }

  private boolean isComment() {
    int start = skipSpacesFrom(pos);
    int end = src.indexOf("*/", start + 2);
    if (end < 0) {
      throw TemplateException.at(src, start, "unclosed comment");
    }
    int after = end + 2;
    boolean trimRight = false;
    int close = skipSpacesFrom(after);
    if (src.startsWith("-}}", close)) {
      trimRight = true;
      close += 1;
    }
    if (!src.startsWith("}}", close)) {
      throw TemplateException.at(src, after, "comment ends before closing delimiter");
    }
    pos = close + 2;
    if (trimRight) {
      pos = skipSpacesFrom(pos);
    }
    return true;
  }

  private void lexInsideAction() {
    while (true) {
      if (pos >= src.length()) {
        throw TemplateException.at(src, pos, "unclosed action");
      }
      char c = src.charAt(pos);
      if (isSpace(c)) {
        if (src.startsWith("-}}", pos + 1) && isSpace(c)) {
          tokens.add(new Token(Kind.RIGHT_DELIM, "}}", pos));
          pos = skipSpacesFrom(pos + 4);
          return;
        }
        pos++;
      } else if (src.startsWith("}}", pos)) {
        tokens.add(new Token(Kind.RIGHT_DELIM, "}}", pos));
        pos += 2;
        return;
      } else if (c == '|') {
        single(Kind.PIPE);
      } else if (c == '(') {
        single(Kind.LEFT_PAREN);
      } else if (c == ')') {
        single(Kind.RIGHT_PAREN);
      } else if (c == ',') {
        single(Kind.COMMA);
      } else if (c == ':' && src.startsWith(":=", pos)) {
        tokens.add(new Token(Kind.DECLARE, ":=", pos));
        pos += 2;
      } else if (c == '=') {
        single(Kind.ASSIGN);
      } else if (c == '"') {
        lexQuoted();
      } else if (c == '`') {
        lexRaw();
      } else if (c == '\'') {
        lexChar();
      } else if (c == '$') {
        int start = pos++;
        while (pos < src.length() && isAlnum(src.charAt(pos))) {
          pos++;
        }
        tokens.add(new Token(Kind.VARIABLE, src.substring(start, pos), start));
      } else if (c == '.') {
        if (pos + 1 < src.length() && Character.isDigit(src.charAt(pos + 1))) {
          lexNumber();
        } else if (pos + 1 < src.length() && isAlnum(src.charAt(pos + 1))) {
          int start = pos++;
          while (pos < src.length()
              && (isFieldChar(src.charAt(pos))
                  || (src.charAt(pos) == '.' && pos + 1 < src.length() && isAlnum(src.charAt(pos + 1))))) {
            pos++;
          }
          tokens.add(new Token(Kind.FIELD, src.substring(start + 1, pos), start));
        } else {
          single(Kind.DOT);
        }
      } else if (Character.isDigit(c) || ((c == '-' || c == '+') && pos + 1 < src.length() && Character.isDigit(src.charAt(pos + 1)))) {
        lexNumber();
      } else if (isAlnum(c)) {
        int start = pos;
        while (pos < src.length() && isAlnum(src.charAt(pos))) {
          pos++;
        }
        String word = src.substring(start, pos);
        Kind kind =
            switch (word) {
              case "true", "false" -> Kind.BOOL;
              case "nil" -> Kind.NIL;
              default -> KEYWORDS.contains(word) ? Kind.KEYWORD : Kind.IDENTIFIER;
            };
        tokens.add(new Token(kind, word, start));
      } else {
        throw TemplateException.at(src, pos, "unexpected character '" + c + "' in action");
      }
    }
  }

  private void single(Kind kind) {
    tokens.add(new Token(kind, String.valueOf(src.charAt(pos)), pos));
    pos++;
  }

  private void lexQuoted() {
    int start = pos++;
    StringBuilder out = new StringBuilder();
    while (true) {
      if (pos >= src.length() || src.charAt(pos) == '\n') {
        throw TemplateException.at(src, start, "unterminated quoted string");
      }
      char c = src.charAt(pos++);
      if (c == '"') {
        break;
      }
      if (c == '\\') {
        if (pos >= src.length()) {
          throw TemplateException.at(src, start, "unterminated quoted string");
        }
        char e = src.charAt(pos++);
        switch (e) {
          case 'n' -> out.append('\n');
          case 't' -> out.append('\t');
          case 'r' -> out.append('\r');
          case '\\' -> out.append('\\');
          case '"' -> out.append('"');
          case '\'' -> out.append('\'');
          case 'u' -> {
            out.append((char) Integer.parseInt(src.substring(pos, pos + 4), 16));
            pos += 4;
          }
          default -> throw TemplateException.at(src, pos - 2, "unknown escape sequence \\" + e);
        }
      } else {
        out.append(c);
      }
    }
    tokens.add(new Token(Kind.STRING, out.toString(), start));
  }

  private void lexRaw() {
    int start = pos;
    int end = src.indexOf('`', pos + 1);
    if (end < 0) {
      throw TemplateException.at(src, start, "unterminated raw quoted string");
    }
    tokens.add(new Token(Kind.STRING, src.substring(start + 1, end), start));
    pos = end + 1;
  }

  private void lexChar() {
    int start = pos;
    int end = src.indexOf('\'', pos + 1);
    if (end < 0 || end != pos + 2) {
      throw TemplateException.at(src, start, "malformed character constant");
    }
    tokens.add(new Token(Kind.NUMBER, String.valueOf((int) src.charAt(pos + 1)), start));
    pos = end + 1;
  }

  private void lexNumber() {
    int start = pos;
    if (src.charAt(pos) == '-' || src.charAt(pos) == '+') {
      pos++;
    }
    while (pos < src.length() && (isAlnum(src.charAt(pos)) || src.charAt(pos) == '.'
        || ((src.charAt(pos) == '-' || src.charAt(pos) == '+') && (src.charAt(pos - 1) == 'e' || src.charAt(pos - 1) == 'E')))) {
      pos++;
    }
    tokens.add(new Token(Kind.NUMBER, src.substring(start, pos), start));
  }

  private void addText(String text, int at) {
    if (!text.isEmpty()) {
      tokens.add(new Token(Kind.TEXT, text, at));
    }
  }

  private int skipSpacesFrom(int i) {
    while (i < src.length() && isSpace(src.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }

  private static boolean isAlnum(char c) {
    return c == '_' || Character.isLetterOrDigit(c);
  }

  private boolean isFieldChar(char c) {
    // a hyphen belongs to the field when a letter or digit follows it (step-1), never at the end
    return isAlnum(c) || (c == '-' && pos + 1 < src.length() && isAlnum(src.charAt(pos + 1)));
  }
}
