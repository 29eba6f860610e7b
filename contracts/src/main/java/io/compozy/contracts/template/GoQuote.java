package io.compozy.contracts.template;

/** Go's strconv quoting: {@code Quote}, {@code QuoteRune} and {@code Unquote}. */
final class GoQuote {
  private GoQuote() {}

  /** Thrown for a literal Go's strconv.Unquote refuses; its message is Go's. */
  static final class SyntaxError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SyntaxError() {
      super("invalid syntax", null, false, false);
    }
  }

  static String quote(String s) {
    return quoteWith(s, '"', false);
  }

  static String quoteAscii(String s) {
    return quoteWith(s, '"', true);
  }

  static String quoteRune(int r) {
    return quoteWith(new String(Character.toChars(r)), '\'', false);
  }

  private static String quoteWith(String s, char q, boolean asciiOnly) {
    StringBuilder b = new StringBuilder(s.length() + 2).append(q);
    s.codePoints().forEach(r -> appendEscaped(b, r, q, asciiOnly));
    return b.append(q).toString();
  }

  private static void appendEscaped(StringBuilder b, int r, char q, boolean asciiOnly) {
    if (r == q || r == '\\') {
      b.append('\\').appendCodePoint(r);
      return;
    }
    if (asciiOnly ? r < 0x80 && isPrint(r) : isPrint(r)) {
      b.appendCodePoint(r);
      return;
    }
    switch (r) {
      case 7 -> b.append("\\a");
      case '\b' -> b.append("\\b");
      case '\f' -> b.append("\\f");
      case '\n' -> b.append("\\n");
      case '\r' -> b.append("\\r");
      case '\t' -> b.append("\\t");
      case 0x0B -> b.append("\\v");
      default -> {
        if (r < ' ' || r == 0x7f) {
          b.append("\\x").append(hex(r, 2));
        } else if (Character.isSurrogate((char) r) && r <= 0xFFFF) {
          b.append("\\ufffd");
        } else if (r < 0x10000) {
          b.append("\\u").append(hex(r, 4));
        } else {
          b.append("\\U").append(hex(r, 8));
        }
      }
    }
  }

  private static String hex(int v, int width) {
    String h = Integer.toHexString(v);
    return "0".repeat(Math.max(0, width - h.length())) + h;
  }

  /** Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
  static boolean isPrint(int r) {
    if (r == ' ') {
      return true;
    }
    return switch (Character.getType(r)) {
      case Character.CONTROL,
          Character.FORMAT,
          Character.SURROGATE,
          Character.PRIVATE_USE,
          Character.UNASSIGNED,
          Character.SPACE_SEPARATOR,
          Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR ->
          false;
      default -> true;
    };
  }

  /** Go's strconv.Unquote for a "…", `…` or '…' literal. */
  static String unquote(String literal) {
    int n = literal.length();
    if (n < 2) {
      throw new SyntaxError();
    }
    char q = literal.charAt(0);
    if (q != literal.charAt(n - 1)) {
      throw new SyntaxError();
    }
    String body = literal.substring(1, n - 1);
    if (q == '`') {
      if (body.indexOf('`') >= 0) {
        throw new SyntaxError();
      }
      return body.replace("\r", "");
    }
    if (q != '"' && q != '\'') {
      throw new SyntaxError();
    }
    StringBuilder out = new StringBuilder(body.length());
    int i = 0;
    int runes = 0;
    while (i < body.length()) {
      char c = body.charAt(i);
      if (c == q && q == '"' || c == '\n') {
        throw new SyntaxError();
      }
      runes++;
      if (c != '\\') {
        int cp = body.codePointAt(i);
        out.appendCodePoint(cp);
        i += Character.charCount(cp);
        continue;
      }
      if (i + 1 >= body.length()) {
        throw new SyntaxError();
      }
      char e = body.charAt(i + 1);
      i += 2;
      switch (e) {
        case 'a' -> out.append('\u0007');
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'v' -> out.append('\u000b');
        case '\\' -> out.append('\\');
        case '\'', '"' -> {
          if (e != q) {
            throw new SyntaxError();
          }
          out.append(e);
        }
        case 'x', 'u', 'U' -> {
          int len = e == 'x' ? 2 : e == 'u' ? 4 : 8;
          if (i + len > body.length()) {
            throw new SyntaxError();
          }
          int v;
          try {
            v = Integer.parseUnsignedInt(body.substring(i, i + len), 16);
          } catch (NumberFormatException bad) {
            throw new SyntaxError();
          }
          i += len;
          if (e == 'x') {
            // a byte: kept as the char of the same value (Go strings hold bytes)
            out.append((char) v);
          } else {
            if (v > 0x10FFFF || v >= 0xD800 && v < 0xE000) {
              throw new SyntaxError();
            }
            out.appendCodePoint(v);
          }
        }
        case '0', '1', '2', '3', '4', '5', '6', '7' -> {
          if (i + 2 > body.length()) {
            throw new SyntaxError();
          }
          int v = e - '0';
          for (int k = 0; k < 2; k++) {
            char d = body.charAt(i + k);
            if (d < '0' || d > '7') {
              throw new SyntaxError();
            }
            v = v * 8 + (d - '0');
          }
          if (v > 255) {
            throw new SyntaxError();
          }
          i += 2;
          out.append((char) v);
        }
        default -> throw new SyntaxError();
      }
    }
    if (q == '\'' && runes != 1) {
      throw new SyntaxError();
    }
    return out.toString();
  }
}
