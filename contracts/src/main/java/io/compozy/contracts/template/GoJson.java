package io.compozy.contracts.template;

import io.compozy.contracts.template.GoFunction.GoError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Go's encoding/json for template values: Marshal (keys sorted, HTML-safe unless raw) and Unmarshal
 * into interface {}.
 */
final class GoJson {
  private GoJson() {}

  static final int MAX_DEPTH = 1000;

  static String marshal(@Nullable Object v, boolean escapeHtml, @Nullable String indent) {
    StringBuilder b = new StringBuilder();
    write(b, v, escapeHtml, indent, 0);
    return b.toString();
  }

  private static void write(
      StringBuilder b, @Nullable Object v, boolean html, @Nullable String indent, int depth) {
    if (depth > MAX_DEPTH) {
      throw new GoError(
          "json: unsupported value: encountered a cycle or a value nested deeper than "
              + MAX_DEPTH);
    }
    switch (v) {
      case null -> b.append("null");
      case Boolean x -> b.append(x);
      case String s -> string(b, s, html);
      case GoTime t -> string(b, t.format("2006-01-02T15:04:05.999999999Z07:00"), html);
      case Semver s -> string(b, s.toString(), html);
      case Number n when GoValues.isInt(n) -> b.append(n.longValue());
      case Number n -> b.append(floatText(n.doubleValue()));
      case Map<?, ?> m -> {
        if (m.isEmpty()) {
          b.append("{}");
          return;
        }
        b.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : GoValues.sortedEntries(m)) {
          if (!first) {
            b.append(',');
          }
          first = false;
          newline(b, indent, depth + 1);
          string(b, String.valueOf(e.getKey()), html);
          b.append(indent == null ? ":" : ": ");
          write(b, e.getValue(), html, indent, depth + 1);
        }
        newline(b, indent, depth);
        b.append('}');
      }
      case List<?> l -> {
        if (l.isEmpty()) {
          b.append("[]");
          return;
        }
        b.append('[');
        for (int i = 0; i < l.size(); i++) {
          if (i > 0) {
            b.append(',');
          }
          newline(b, indent, depth + 1);
          write(b, l.get(i), html, indent, depth + 1);
        }
        newline(b, indent, depth);
        b.append(']');
      }
      default -> string(b, GoFmt.print(v), html);
    }
  }

  private static void newline(StringBuilder b, @Nullable String indent, int depth) {
    if (indent != null) {
      b.append('\n').append(indent.repeat(depth));
    }
  }

  /** Go writes floats as 'f' between 1e-6 and 1e21, else as 'e' with a short exponent. */
  static String floatText(double f) {
    if (Double.isNaN(f) || Double.isInfinite(f)) {
      throw new GoError("json: unsupported value: " + GoFmt.formatFloat(f, 'g', -1));
    }
    double abs = Math.abs(f);
    if (abs != 0 && (abs < 1e-6 || abs >= 1e21)) {
      String s = GoFmt.formatFloat(f, 'e', -1);
      int n = s.length();
      if (n >= 4 && s.charAt(n - 4) == 'e' && s.charAt(n - 3) == '-' && s.charAt(n - 2) == '0') {
        s = s.substring(0, n - 2) + s.charAt(n - 1);
      }
      return s;
    }
    return GoFmt.formatFloat(f, 'f', -1);
  }

  private static void string(StringBuilder b, String s, boolean html) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case '\u2028' -> b.append("\\u2028");
        case '\u2029' -> b.append("\\u2029");
        default -> {
          if (c < 0x20 || html && (c == '<' || c == '>' || c == '&')) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }

  // --- decoding ---

  /** json.Unmarshal into interface {}: objects, arrays, float64 numbers, strings, bools, nil. */
  static @Nullable Object unmarshal(String s) {
    Reader r = new Reader(s);
    r.skip();
    if (r.i >= s.length()) {
      throw new GoError("unexpected end of JSON input");
    }
    Object v = r.value(0);
    r.skip();
    if (r.i < s.length()) {
      throw r.invalid("after top-level value");
    }
    return v;
  }

  private static final class Reader {
    final String s;
    int i;

    Reader(String s) {
      this.s = s;
    }

    void skip() {
      while (i < s.length()
          && (s.charAt(i) == ' '
              || s.charAt(i) == '\t'
              || s.charAt(i) == '\n'
              || s.charAt(i) == '\r')) {
        i++;
      }
    }

    GoError eof() {
      return new GoError("unexpected end of JSON input");
    }

    GoError invalid(String context) {
      return new GoError("invalid character " + quoteChar(s.codePointAt(i)) + " " + context);
    }

    private static String quoteChar(int c) {
      if (c == '\'') {
        return "'\\''";
      }
      if (c == '"') {
        return "'\"'";
      }
      String q = GoQuote.quote(new String(Character.toChars(c)));
      return "'" + q.substring(1, q.length() - 1) + "'";
    }

    @Nullable Object value(int depth) {
      if (depth > MAX_DEPTH) {
        throw new GoError("exceeded max depth");
      }
      skip();
      if (i >= s.length()) {
        throw eof();
      }
      char c = s.charAt(i);
      switch (c) {
        case '{' -> {
          i++;
          GoValues.Dict m = new GoValues.Dict();
          skip();
          if (i < s.length() && s.charAt(i) == '}') {
            i++;
            return m;
          }
          while (true) {
            skip();
            if (i >= s.length()) {
              throw eof();
            }
            if (s.charAt(i) != '"') {
              throw invalid("looking for beginning of object key string");
            }
            String key = string();
            skip();
            if (i >= s.length()) {
              throw eof();
            }
            if (s.charAt(i) != ':') {
              throw invalid("after object key");
            }
            i++;
            m.put(key, value(depth + 1));
            skip();
            if (i >= s.length()) {
              throw eof();
            }
            if (s.charAt(i) == ',') {
              i++;
              continue;
            }
            if (s.charAt(i) == '}') {
              i++;
              return m;
            }
            throw invalid("after object key:value pair");
          }
        }
        case '[' -> {
          i++;
          List<@Nullable Object> l = new ArrayList<>();
          skip();
          if (i < s.length() && s.charAt(i) == ']') {
            i++;
            return l;
          }
          while (true) {
            l.add(value(depth + 1));
            skip();
            if (i >= s.length()) {
              throw eof();
            }
            if (s.charAt(i) == ',') {
              i++;
              continue;
            }
            if (s.charAt(i) == ']') {
              i++;
              return l;
            }
            throw invalid("after array element");
          }
        }
        case '"' -> {
          return string();
        }
        case 't' -> {
          return literal("true", Boolean.TRUE);
        }
        case 'f' -> {
          return literal("false", Boolean.FALSE);
        }
        case 'n' -> {
          return literal("null", null);
        }
        default -> {
          if (c == '-' || c >= '0' && c <= '9') {
            return number();
          }
          throw invalid("looking for beginning of value");
        }
      }
    }

    /** At the end of the input Go's scanner steps a space, so a cut literal is an invalid ' '. */
    GoError invalidSpace(String context) {
      return new GoError("invalid character ' ' " + context);
    }

    private @Nullable Object literal(String word, @Nullable Object value) {
      for (int k = 0; k < word.length(); k++) {
        if (i >= s.length()) {
          throw invalidSpace(
              "in literal " + word + " (expecting " + quoteChar(word.charAt(k)) + ")");
        }
        if (s.charAt(i) != word.charAt(k)) {
          throw invalid("in literal " + word + " (expecting " + quoteChar(word.charAt(k)) + ")");
        }
        i++;
      }
      return value;
    }

    private Object number() {
      int start = i;
      if (s.charAt(i) == '-') {
        i++;
        if (i >= s.length()) {
          throw invalidSpace("in numeric literal");
        }
        if (!Character.isDigit(s.charAt(i))) {
          throw invalid("in numeric literal");
        }
      }
      if (s.charAt(i) == '0') {
        i++;
      } else {
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
          i++;
        }
      }
      if (i < s.length() && s.charAt(i) == '.') {
        i++;
        if (i >= s.length()) {
          throw invalidSpace("after decimal point in numeric literal");
        }
        if (!Character.isDigit(s.charAt(i))) {
          throw invalid("after decimal point in numeric literal");
        }
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
          i++;
        }
      }
      if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
        i++;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
          i++;
        }
        if (i >= s.length()) {
          throw invalidSpace("in exponent of numeric literal");
        }
        if (!Character.isDigit(s.charAt(i))) {
          throw invalid("in exponent of numeric literal");
        }
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
          i++;
        }
      }
      return Double.parseDouble(s.substring(start, i));
    }

    private String string() {
      i++;
      StringBuilder b = new StringBuilder();
      while (true) {
        if (i >= s.length()) {
          throw eof();
        }
        char c = s.charAt(i);
        if (c == '"') {
          i++;
          return b.toString();
        }
        if (c < 0x20) {
          throw invalid("in string literal");
        }
        if (c == '\\') {
          i++;
          if (i >= s.length()) {
            throw invalidSpace("in string escape code");
          }
          char e = s.charAt(i);
          switch (e) {
            case '"', '\\', '/' -> b.append(e);
            case 'b' -> b.append('\b');
            case 'f' -> b.append('\f');
            case 'n' -> b.append('\n');
            case 'r' -> b.append('\r');
            case 't' -> b.append('\t');
            case 'u' -> {
              if (i + 4 >= s.length()) {
                throw eof();
              }
              String hex = s.substring(i + 1, i + 5);
              if (!hex.matches("[0-9a-fA-F]{4}")) {
                i++;
                while (i < s.length() && Character.digit(s.charAt(i), 16) >= 0) {
                  i++;
                }
                throw invalid("in \\u hexadecimal character escape");
              }
              b.append((char) Integer.parseInt(hex, 16));
              i += 4;
            }
            default -> throw invalid("in string escape code");
          }
          i++;
          continue;
        }
        b.append(c);
        i++;
      }
    }
  }
}
