package io.compozy.contracts.template;

import static io.compozy.contracts.template.GoFunction.Param.INT;
import static io.compozy.contracts.template.GoFunction.Param.STRING;

import io.compozy.contracts.template.GoFunction.GoError;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Sprig's regular expressions with Go's RE2 syntax and match rules, run by java.util.regex: {@code
 * (?P<name>)} groups, POSIX classes, {@code $} at the very end, Go's empty-match rule and {@code
 * $name} replacements. Compiled patterns are cached (bounded).
 */
final class SprigRegex {
  private SprigRegex() {}

  private static final int CACHE_LIMIT = 1000;
  private static final Map<String, Pattern> CACHE = new ConcurrentHashMap<>();

  static void register(Functions.Table t) {
    t.fn(
        "regexMatch",
        a -> {
          try {
            return compile(a.string(0)).matcher(a.string(1)).find();
          } catch (GoError bad) {
            return false;
          }
        },
        STRING,
        STRING);
    t.fn("mustRegexMatch", a -> compile(a.string(0)).matcher(a.string(1)).find(), STRING, STRING);
    t.fn(
        "regexFindAll",
        a -> GoValues.Slice.strings(findAll(mustCompile(a.string(0)), a.string(1), a.integer(2))),
        STRING,
        STRING,
        INT);
    t.fn(
        "mustRegexFindAll",
        a -> GoValues.Slice.strings(findAll(compile(a.string(0)), a.string(1), a.integer(2))),
        STRING,
        STRING,
        INT);
    t.fn("regexFind", a -> find(mustCompile(a.string(0)), a.string(1)), STRING, STRING);
    t.fn("mustRegexFind", a -> find(compile(a.string(0)), a.string(1)), STRING, STRING);
    t.fn(
        "regexReplaceAll",
        a -> replaceAll(mustCompile(a.string(0)), a.string(1), a.string(2), false),
        STRING,
        STRING,
        STRING);
    t.fn(
        "mustRegexReplaceAll",
        a -> replaceAll(compile(a.string(0)), a.string(1), a.string(2), false),
        STRING,
        STRING,
        STRING);
    t.fn(
        "regexReplaceAllLiteral",
        a -> replaceAll(mustCompile(a.string(0)), a.string(1), a.string(2), true),
        STRING,
        STRING,
        STRING);
    t.fn(
        "mustRegexReplaceAllLiteral",
        a -> replaceAll(compile(a.string(0)), a.string(1), a.string(2), true),
        STRING,
        STRING,
        STRING);
    t.fn(
        "regexSplit",
        a -> GoValues.Slice.strings(split(mustCompile(a.string(0)), a.string(1), a.integer(2))),
        STRING,
        STRING,
        INT);
    t.fn(
        "mustRegexSplit",
        a -> GoValues.Slice.strings(split(compile(a.string(0)), a.string(1), a.integer(2))),
        STRING,
        STRING,
        INT);
    t.fn("regexQuoteMeta", a -> quoteMeta(a.string(0)), STRING);
  }

  /** regexp.MustCompile panics: "regexp: Compile(`x`): error parsing regexp: …". */
  private static Pattern mustCompile(String expr) {
    try {
      return compile(expr);
    } catch (GoError e) {
      throw new GoError("regexp: Compile(" + quoteBackticks(expr) + "): " + e.getMessage());
    }
  }

  private static String quoteBackticks(String s) {
    return s.indexOf('`') < 0 ? "`" + s + "`" : GoQuote.quote(s);
  }

  static Pattern compile(String expr) {
    Pattern p = CACHE.get(expr);
    if (p != null) {
      return p;
    }
    try {
      p = Pattern.compile(translate(expr));
    } catch (PatternSyntaxException e) {
      throw new GoError("error parsing regexp: " + goMessage(e, expr));
    }
    if (CACHE.size() < CACHE_LIMIT) {
      CACHE.put(expr, p);
    }
    return p;
  }

  private static String goMessage(PatternSyntaxException e, String expr) {
    String d = e.getDescription();
    if (d.startsWith("Unclosed character class")) {
      int open = expr.lastIndexOf('[');
      return "missing closing ]: `" + expr.substring(Math.max(open, 0)) + "`";
    }
    if (d.startsWith("Unclosed group")) {
      return "missing closing ): `" + expr + "`";
    }
    if (d.startsWith("Unmatched closing ')'")) {
      return "unexpected ): `" + expr + "`";
    }
    if (d.startsWith("Dangling meta character")) {
      int i = Math.max(0, Math.min(e.getIndex(), expr.length() - 1));
      return "missing argument to repetition operator: `" + expr.charAt(i) + "`";
    }
    if (d.startsWith("Illegal/unsupported escape") || d.startsWith("Illegal character")) {
      int i = Math.max(0, Math.min(e.getIndex(), expr.length()));
      int start = expr.lastIndexOf('\\', Math.max(0, i));
      return "invalid escape sequence: `"
          + expr.substring(Math.max(start, 0), Math.min(expr.length(), Math.max(start, 0) + 2))
          + "`";
    }
    return d.toLowerCase(Locale.ROOT) + ": `" + expr + "`";
  }

  /** RE2 to java.util.regex: named groups, POSIX classes, and $ meaning the end of the text. */
  private static String translate(String expr) {
    boolean multiline = expr.contains("(?m") || expr.matches("^\\(\\?[a-zA-Z]*m.*");
    StringBuilder b = new StringBuilder(expr.length() + 8);
    boolean inClass = false;
    for (int i = 0; i < expr.length(); i++) {
      char c = expr.charAt(i);
      if (c == '\\' && i + 1 < expr.length()) {
        char n = expr.charAt(i + 1);
        if (n == 'z' && !inClass) {
          b.append("\\z");
        } else if (n == 'Q') {
          int end = expr.indexOf("\\E", i + 2);
          String lit = end < 0 ? expr.substring(i + 2) : expr.substring(i + 2, end);
          b.append(Pattern.quote(lit));
          i = end < 0 ? expr.length() : end + 1;
          continue;
        } else {
          b.append(c).append(n);
        }
        i++;
        continue;
      }
      if (inClass) {
        if (c == '[' && expr.startsWith("[:", i)) {
          int end = expr.indexOf(":]", i + 2);
          if (end > 0) {
            String name = expr.substring(i + 2, end);
            boolean negated = name.startsWith("^");
            String cls = posix(negated ? name.substring(1) : name);
            if (cls != null) {
              b.append(negated ? "\\P{" : "\\p{").append(cls).append('}');
              i = end + 1;
              continue;
            }
          }
        }
        if (c == '[') {
          b.append("\\[");
          continue;
        }
        if (c == '&' && i + 1 < expr.length() && expr.charAt(i + 1) == '&') {
          b.append("&\\&");
          i++;
          continue;
        }
        if (c == ']') {
          inClass = false;
        }
        b.append(c);
        continue;
      }
      if (c == '[') {
        inClass = true;
        b.append(c);
        if (i + 1 < expr.length() && expr.charAt(i + 1) == '^') {
          b.append('^');
          i++;
        }
        if (i + 1 < expr.length() && expr.charAt(i + 1) == ']') {
          b.append("\\]");
          i++;
        }
        continue;
      }
      if (c == '(' && expr.startsWith("(?P<", i)) {
        b.append("(?<");
        i += 3;
        continue;
      }
      if (c == '$' && !multiline) {
        b.append("\\z");
        continue;
      }
      b.append(c);
    }
    return b.toString();
  }

  private static String posix(String name) {
    return switch (name) {
      case "alnum" -> "Alnum";
      case "alpha" -> "Alpha";
      case "ascii" -> "ASCII";
      case "blank" -> "Blank";
      case "cntrl" -> "Cntrl";
      case "digit" -> "Digit";
      case "graph" -> "Graph";
      case "lower" -> "Lower";
      case "print" -> "Print";
      case "punct" -> "Punct";
      case "space" -> "Space";
      case "upper" -> "Upper";
      case "word" -> "Alnum";
      case "xdigit" -> "XDigit";
      default -> null;
    };
  }

  /** Go's FindAll positions: an empty match right after the previous match is skipped. */
  private static List<int[]> matches(Pattern p, String s, long n) {
    List<int[]> out = new ArrayList<>();
    if (n == 0) {
      return out;
    }
    Matcher m = p.matcher(s);
    int prevEnd = -1;
    int from = 0;
    while (from <= s.length() && m.find(from)) {
      int start = m.start();
      int end = m.end();
      boolean accept = !(start == end && start == prevEnd);
      if (accept) {
        out.add(new int[] {start, end});
        if (n > 0 && out.size() >= n) {
          break;
        }
        if (out.size() > 1_000_000) {
          throw new GoError("more than 1000000 matches");
        }
      }
      prevEnd = end;
      from =
          end == start
              ? end + (end < s.length() ? Character.charCount(s.codePointAt(end)) : 1)
              : end;
    }
    return out;
  }

  private static List<String> findAll(Pattern p, String s, long n) {
    List<String> out = new ArrayList<>();
    for (int[] m : matches(p, s, n)) {
      out.add(s.substring(m[0], m[1]));
    }
    return out;
  }

  private static String find(Pattern p, String s) {
    Matcher m = p.matcher(s);
    return m.find() ? m.group() : "";
  }

  private static String replaceAll(Pattern p, String s, String repl, boolean literal) {
    StringBuilder b = new StringBuilder();
    int last = 0;
    Matcher m = p.matcher(s);
    for (int[] at : matches(p, s, -1)) {
      b.append(s, last, at[0]);
      if (literal) {
        b.append(repl);
      } else {
        m.find(at[0]);
        expand(b, repl, m);
      }
      last = at[1];
    }
    b.append(s.substring(last));
    return b.toString();
  }

  /** Go's Regexp.Expand: $1, ${1}, $name, ${name}; $$ is a dollar; an unknown name is empty. */
  private static void expand(StringBuilder b, String template, Matcher m) {
    int i = 0;
    while (i < template.length()) {
      char c = template.charAt(i);
      if (c != '$') {
        b.append(c);
        i++;
        continue;
      }
      if (i + 1 < template.length() && template.charAt(i + 1) == '$') {
        b.append('$');
        i += 2;
        continue;
      }
      String name;
      int next;
      if (i + 1 < template.length() && template.charAt(i + 1) == '{') {
        int close = template.indexOf('}', i + 2);
        name = close < 0 ? null : template.substring(i + 2, close);
        if (name == null
            || name.isEmpty()
            || !name.chars().allMatch(x -> Character.isLetterOrDigit(x) || x == '_')) {
          b.append('$');
          i++;
          continue;
        }
        next = close + 1;
      } else {
        int j = i + 1;
        while (j < template.length()
            && (Character.isLetterOrDigit(template.charAt(j)) || template.charAt(j) == '_')) {
          j++;
        }
        if (j == i + 1) {
          b.append('$');
          i++;
          continue;
        }
        name = template.substring(i + 1, j);
        next = j;
      }
      b.append(group(m, name));
      i = next;
    }
  }

  private static String group(Matcher m, String name) {
    String g = null;
    if (name.chars().allMatch(Character::isDigit)) {
      try {
        int n = Integer.parseInt(name);
        if (n <= m.groupCount()) {
          g = m.group(n);
        }
      } catch (NumberFormatException tooBig) {
        g = null;
      }
    } else {
      try {
        g = m.group(name);
      } catch (IllegalArgumentException noSuchGroup) {
        g = null;
      }
    }
    return g == null ? "" : g;
  }

  /** Go's Regexp.Split. */
  private static List<String> split(Pattern p, String s, long n) {
    List<String> out = new ArrayList<>();
    if (n == 0) {
      return out;
    }
    if (!p.pattern().isEmpty() && s.isEmpty()) {
      out.add("");
      return out;
    }
    int beg = 0;
    int end = 0;
    for (int[] m : matches(p, s, n)) {
      if (n > 0 && out.size() == n - 1) {
        break;
      }
      end = m[0];
      if (m[1] != 0) {
        out.add(s.substring(beg, end));
      }
      beg = m[1];
    }
    if (end != s.length()) {
      out.add(s.substring(beg));
    }
    return out;
  }

  private static String quoteMeta(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      if ("\\.+*?()|[]{}^$".indexOf(c) >= 0) {
        b.append('\\');
      }
      b.append(c);
    }
    return b.toString();
  }
}
