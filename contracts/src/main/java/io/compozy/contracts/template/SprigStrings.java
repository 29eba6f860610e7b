package io.compozy.contracts.template;

import static io.compozy.contracts.template.GoFunction.Param.ANY;
import static io.compozy.contracts.template.GoFunction.Param.INT;
import static io.compozy.contracts.template.GoFunction.Param.STRING;

import io.compozy.contracts.template.GoFunction.GoError;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Sprig's string functions. Go strings are bytes: lengths and cuts count UTF-8 bytes, as in Go. */
final class SprigStrings {
  private SprigStrings() {}

  private static final SecureRandom RANDOM = new SecureRandom();

  /** Random strings are for identifiers and nonces, not bulk data. */
  static final int MAX_RANDOM = 1 << 16;

  static void register(Functions.Table t) {
    t.fn("hello", a -> "Hello!");
    t.fn("abbrev", a -> abbrev((int) a.integer(0), a.string(1)), INT, STRING);
    t.fn(
        "abbrevboth",
        a -> abbrevboth((int) a.integer(0), (int) a.integer(1), a.string(2)),
        INT,
        INT,
        STRING);
    t.fn("trunc", a -> trunc(a.integer(0), a.string(1)), INT, STRING);
    t.fn("trim", a -> trimSpace(a.string(0)), STRING);
    t.fn("upper", a -> a.string(0).toUpperCase(Locale.ROOT), STRING);
    t.fn("lower", a -> a.string(0).toLowerCase(Locale.ROOT), STRING);
    t.fn("title", a -> title(a.string(0)), STRING);
    t.fn("untitle", a -> untitle(a.string(0)), STRING);
    t.fn("substr", a -> substring(a.integer(0), a.integer(1), a.string(2)), INT, INT, STRING);
    t.fn("repeat", a -> repeat(a.integer(0), a.string(1)), INT, STRING);
    t.fn("trimall", a -> trimSet(a.string(1), a.string(0)), STRING, STRING);
    t.alias("trimAll", "trimall");
    t.fn(
        "trimSuffix",
        a ->
            a.string(1).endsWith(a.string(0))
                ? a.string(1).substring(0, a.string(1).length() - a.string(0).length())
                : a.string(1),
        STRING,
        STRING);
    t.fn(
        "trimPrefix",
        a ->
            a.string(1).startsWith(a.string(0))
                ? a.string(1).substring(a.string(0).length())
                : a.string(1),
        STRING,
        STRING);
    t.fn("nospace", a -> deleteWhiteSpace(a.string(0)), STRING);
    t.fn("initials", a -> initials(a.string(0)), STRING);
    t.fn(
        "randAlphaNum",
        a -> random(a.integer(0), "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"),
        INT);
    t.fn(
        "randAlpha",
        a -> random(a.integer(0), "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"),
        INT);
    t.fn("randAscii", a -> randomAscii(a.integer(0)), INT);
    t.fn("randNumeric", a -> random(a.integer(0), "0123456789"), INT);
    t.fn("swapcase", a -> swapCase(a.string(0)), STRING);
    t.fn("shuffle", a -> shuffle(a.string(0)), STRING);
    t.fn("snakecase", a -> CaseWords.lower(a.string(0), '_'), STRING);
    t.fn("camelcase", a -> CaseWords.camel(a.string(0)), STRING);
    t.fn("kebabcase", a -> CaseWords.lower(a.string(0), '-'), STRING);
    t.fn("wrap", a -> wrap(a.string(1), (int) a.integer(0), "", false), INT, STRING);
    t.fn(
        "wrapWith",
        a -> wrap(a.string(2), (int) a.integer(0), a.string(1), true),
        INT,
        STRING,
        STRING);
    t.fn("contains", a -> a.string(1).contains(a.string(0)), STRING, STRING);
    t.fn("hasPrefix", a -> a.string(1).startsWith(a.string(0)), STRING, STRING);
    t.fn("hasSuffix", a -> a.string(1).endsWith(a.string(0)), STRING, STRING);
    t.variadic("quote", a -> quote(a.values()), ANY);
    t.variadic("squote", a -> squote(a.values()), ANY);
    t.variadic("cat", a -> cat(a.values()), ANY);
    t.fn("indent", a -> indent(a.integer(0), a.string(1)), INT, STRING);
    t.fn("nindent", a -> "\n" + indent(a.integer(0), a.string(1)), INT, STRING);
    t.fn("replace", a -> a.string(2).replace(a.string(0), a.string(1)), STRING, STRING, STRING);
    t.fn("plural", a -> a.integer(2) == 1 ? a.string(0) : a.string(1), STRING, STRING, INT);
    t.fn("toString", a -> Cast.strval(a.get(0)), ANY);
    t.fn("split", a -> split(a.string(0), a.string(1), -1), STRING, STRING);
    t.fn(
        "splitList",
        a -> GoValues.Slice.strings(splitN(a.string(1), a.string(0), -1)),
        STRING,
        STRING);
    t.fn("splitn", a -> split(a.string(0), a.string(2), a.integer(1)), STRING, INT, STRING);
    t.fn("toStrings", a -> GoValues.Slice.strings(strslice(a.get(0))), ANY);
    t.fn("join", a -> String.join(a.string(0), strslice(a.get(1))), STRING, ANY);
    t.fn("sortAlpha", a -> sortAlpha(a.get(0)), ANY);
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String str(byte[] b, int from, int to) {
    return new String(b, from, to - from, StandardCharsets.UTF_8);
  }

  private static GoError sliceBounds(long lo, long hi, long cap) {
    if (hi > cap) {
      return new GoError(
          "runtime error: slice bounds out of range [:" + hi + "] with length " + cap);
    }
    if (lo < 0 || hi < 0) {
      return new GoError(
          "runtime error: slice bounds out of range [" + (hi < 0 ? ":" + hi : lo + ":") + "]");
    }
    return new GoError("runtime error: slice bounds out of range [" + lo + ":" + hi + "]");
  }

  static String trunc(long c, String s) {
    byte[] b = bytes(s);
    if (c < 0 && b.length + c > 0) {
      return str(b, (int) (b.length + c), b.length);
    }
    if (c >= 0 && b.length > c) {
      return str(b, 0, (int) c);
    }
    return s;
  }

  static String substring(long start, long end, String s) {
    byte[] b = bytes(s);
    if (start < 0) {
      if (end < 0 || end > b.length) {
        throw sliceBounds(0, end, b.length);
      }
      return str(b, 0, (int) end);
    }
    if (end < 0 || end > b.length) {
      if (start > b.length) {
        throw new GoError(
            "runtime error: slice bounds out of range [" + start + ":" + b.length + "]");
      }
      return str(b, (int) start, b.length);
    }
    if (start > end) {
      throw sliceBounds(start, end, b.length);
    }
    return str(b, (int) start, (int) end);
  }

  private static String repeat(long count, String s) {
    if (count < 0) {
      throw new GoError("strings: negative Repeat count");
    }
    if (count * s.length() > Execution.MAX_OUTPUT) {
      throw new GoError("strings: Repeat output length overflow");
    }
    return s.repeat((int) count);
  }

  /** strings.TrimSpace: Unicode white space at both ends. */
  static String trimSpace(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isSpace(s.codePointAt(start))) {
      start += Character.charCount(s.codePointAt(start));
    }
    while (end > start && isSpace(s.codePointBefore(end))) {
      end -= Character.charCount(s.codePointBefore(end));
    }
    return s.substring(start, end);
  }

  /** unicode.IsSpace. */
  static boolean isSpace(int r) {
    return switch (r) {
      case '\t', '\n', 0x0B, '\f', '\r', ' ', 0x85, 0xA0 -> true;
      default -> r > 0xff && Character.isSpaceChar(r);
    };
  }

  /** strings.Trim(s, cutset). */
  private static String trimSet(String s, String cutset) {
    int start = 0;
    int end = s.length();
    while (start < end && cutset.indexOf(s.codePointAt(start)) >= 0) {
      start += Character.charCount(s.codePointAt(start));
    }
    while (end > start && cutset.indexOf(s.codePointBefore(end)) >= 0) {
      end -= Character.charCount(s.codePointBefore(end));
    }
    return s.substring(start, end);
  }

  /** strings.Title: the first letter of each word upper-cased (title case). */
  static String title(String s) {
    StringBuilder b = new StringBuilder(s.length());
    int prev = ' ';
    for (int i = 0; i < s.length(); ) {
      int r = s.codePointAt(i);
      b.appendCodePoint(isSeparator(prev) ? Character.toTitleCase(r) : r);
      prev = r;
      i += Character.charCount(r);
    }
    return b.toString();
  }

  private static boolean isSeparator(int r) {
    if (r <= 0x7F) {
      if (r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '_') {
        return false;
      }
      return true;
    }
    if (Character.isLetterOrDigit(r)) {
      return false;
    }
    return isSpace(r);
  }

  private static String untitle(String s) {
    StringBuilder b = new StringBuilder(s.length());
    boolean next = true;
    for (int i = 0; i < s.length(); ) {
      int r = s.codePointAt(i);
      if (isSpace(r)) {
        next = true;
        b.appendCodePoint(r);
      } else if (next) {
        b.appendCodePoint(Character.toLowerCase(r));
        next = false;
      } else {
        b.appendCodePoint(r);
      }
      i += Character.charCount(r);
    }
    return b.toString();
  }

  private static String deleteWhiteSpace(String s) {
    // goutils looks at single bytes: multi-byte spaces stay
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c > 0x7f || !isSpace(c)) {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static String initials(String s) {
    StringBuilder b = new StringBuilder();
    boolean gap = true;
    for (int i = 0; i < s.length(); ) {
      int r = s.codePointAt(i);
      if (isSpace(r)) {
        gap = true;
      } else if (gap) {
        b.appendCodePoint(r);
        gap = false;
      }
      i += Character.charCount(r);
    }
    return b.toString();
  }

  private static String swapCase(String s) {
    StringBuilder b = new StringBuilder(s.length());
    boolean whitespace = true;
    for (int i = 0; i < s.length(); ) {
      int r = s.codePointAt(i);
      if (Character.isUpperCase(r) || Character.isTitleCase(r)) {
        b.appendCodePoint(Character.toLowerCase(r));
        whitespace = false;
      } else if (Character.isLowerCase(r)) {
        b.appendCodePoint(whitespace ? Character.toTitleCase(r) : Character.toUpperCase(r));
        whitespace = false;
      } else {
        b.appendCodePoint(r);
        whitespace = isSpace(r);
      }
      i += Character.charCount(r);
    }
    return b.toString();
  }

  private static String shuffle(String s) {
    List<Integer> runes = new ArrayList<>(s.codePoints().boxed().toList());
    Collections.shuffle(runes, RANDOM);
    StringBuilder b = new StringBuilder();
    runes.forEach(b::appendCodePoint);
    return b.toString();
  }

  private static String random(long count, String alphabet) {
    checkRandom(count);
    StringBuilder b = new StringBuilder((int) count);
    for (int i = 0; i < count; i++) {
      b.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return b.toString();
  }

  private static String randomAscii(long count) {
    checkRandom(count);
    StringBuilder b = new StringBuilder((int) count);
    for (int i = 0; i < count; i++) {
      b.append((char) (32 + RANDOM.nextInt(95)));
    }
    return b.toString();
  }

  private static void checkRandom(long count) {
    if (count < 0) {
      throw new GoError("Requested random string length " + count + " is less than 0.");
    }
    if (count > MAX_RANDOM) {
      throw new GoError("random strings are at most " + MAX_RANDOM + " characters here");
    }
  }

  private static String abbrev(int width, String s) {
    if (width < 4) {
      return s;
    }
    return abbreviate(s, 0, width);
  }

  private static String abbrevboth(int left, int right, String s) {
    if (right < 4 || left > 0 && right < 7) {
      return s;
    }
    return abbreviate(s, left, right);
  }

  /** goutils.AbbreviateFull, in bytes. */
  private static String abbreviate(String s, int offset, int maxWidth) {
    byte[] b = bytes(s);
    int len = b.length;
    if (len == 0) {
      return "";
    }
    if (len <= maxWidth) {
      return s;
    }
    if (offset > len) {
      offset = len;
    }
    if (len - offset < maxWidth - 3) {
      offset = len - (maxWidth - 3);
    }
    if (offset <= 4) {
      return str(b, 0, maxWidth - 3) + "...";
    }
    if (maxWidth < 7) {
      return "";
    }
    if (offset + maxWidth - 3 < len) {
      return "..." + abbreviate(str(b, offset, len), 0, maxWidth - 3);
    }
    return "..." + str(b, len - (maxWidth - 3), len);
  }

  /** goutils.WrapCustom, in bytes. */
  static String wrap(String s, int wrapLength, String newLine, boolean wrapLongWords) {
    if (s.isEmpty()) {
      return "";
    }
    if (newLine.isEmpty()) {
      newLine = "\n";
    }
    if (wrapLength < 1) {
      wrapLength = 1;
    }
    byte[] b = bytes(s);
    int length = b.length;
    int offset = 0;
    StringBuilder out = new StringBuilder();
    while (length - offset > wrapLength) {
      if (b[offset] == ' ') {
        offset++;
        continue;
      }
      int end = Math.min(wrapLength + offset + 1, length);
      int spaceAt = lastIndexOf(b, offset, end, (byte) ' ');
      if (spaceAt >= offset) {
        out.append(str(b, offset, spaceAt)).append(newLine);
        offset = spaceAt + 1;
      } else if (wrapLongWords) {
        out.append(str(b, offset, wrapLength + offset)).append(newLine);
        offset += wrapLength;
      } else {
        int from = wrapLength + offset;
        int index = indexOf(b, from, length, (byte) ' ');
        if (index < 0) {
          out.append(str(b, offset, length));
          offset = length;
        } else {
          out.append(str(b, offset, index)).append(newLine);
          offset = index + 1;
        }
      }
    }
    out.append(str(b, offset, length));
    return out.toString();
  }

  private static int lastIndexOf(byte[] b, int from, int to, byte x) {
    for (int i = to - 1; i >= from; i--) {
      if (b[i] == x) {
        return i;
      }
    }
    return -1;
  }

  private static int indexOf(byte[] b, int from, int to, byte x) {
    for (int i = from; i < to; i++) {
      if (b[i] == x) {
        return i;
      }
    }
    return -1;
  }

  private static String quote(List<@Nullable Object> values) {
    List<String> out = new ArrayList<>();
    for (Object v : values) {
      if (v != null) {
        out.add(GoQuote.quote(Cast.strval(v)));
      }
    }
    return String.join(" ", out);
  }

  private static String squote(List<@Nullable Object> values) {
    List<String> out = new ArrayList<>();
    for (Object v : values) {
      if (v != null) {
        out.add("'" + GoFmt.print(v) + "'");
      }
    }
    return String.join(" ", out);
  }

  private static String cat(List<@Nullable Object> values) {
    List<String> out = new ArrayList<>();
    for (Object v : values) {
      if (v != null) {
        out.add(GoFmt.print(v));
      }
    }
    return String.join(" ", out);
  }

  private static String indent(long spaces, String v) {
    if (spaces < 0) {
      throw new GoError("strings: negative Repeat count");
    }
    String pad = " ".repeat((int) Math.min(spaces, Execution.MAX_OUTPUT));
    return pad + v.replace("\n", "\n" + pad);
  }

  /** strings.SplitN. */
  static List<String> splitN(String s, String sep, long n) {
    List<String> out = new ArrayList<>();
    if (n == 0) {
      return out;
    }
    if (sep.isEmpty()) {
      int count = 0;
      for (int i = 0; i < s.length(); ) {
        int r = s.codePointAt(i);
        if (n > 0 && count == n - 1) {
          out.add(s.substring(i));
          return out;
        }
        out.add(new String(Character.toChars(r)));
        count++;
        i += Character.charCount(r);
      }
      return out;
    }
    int start = 0;
    while (n < 0 || out.size() < n - 1) {
      int at = s.indexOf(sep, start);
      if (at < 0) {
        break;
      }
      out.add(s.substring(start, at));
      start = at + sep.length();
    }
    out.add(s.substring(start));
    return out;
  }

  private static Map<String, @Nullable Object> split(String sep, String orig, long n) {
    Map<String, @Nullable Object> res = new GoValues.Dict();
    List<String> parts = splitN(orig, sep, n);
    for (int i = 0; i < parts.size(); i++) {
      res.put("_" + i, parts.get(i));
    }
    return res;
  }

  /** Sprig's strslice: a list of the non-nil elements printed as strings. */
  static List<String> strslice(@Nullable Object v) {
    List<String> out = new ArrayList<>();
    switch (v) {
      case null -> {}
      case List<?> l -> {
        for (Object x : l) {
          if (x != null) {
            out.add(Cast.strval(x));
          }
        }
      }
      default -> out.add(Cast.strval(v));
    }
    return out;
  }

  private static GoValues.Slice sortAlpha(@Nullable Object list) {
    if (list instanceof List<?>) {
      List<String> a = new ArrayList<>(strslice(list));
      a.sort(GoValues::compareStrings);
      return GoValues.Slice.strings(a);
    }
    return GoValues.Slice.strings(List.of(Cast.strval(list)));
  }
}
