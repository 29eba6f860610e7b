package io.compozy.contracts.template;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Go's fmt for template values: Sprint, Sprintln and Sprintf with Go's verbs, flags and error
 * forms.
 */
final class GoFmt {
  private GoFmt() {}

  static String sprint(List<@Nullable Object> args) {
    StringBuilder b = new StringBuilder();
    boolean prevString = false;
    for (int i = 0; i < args.size(); i++) {
      Object a = args.get(i);
      boolean isString = a instanceof String;
      if (i > 0 && !isString && !prevString) {
        b.append(' ');
      }
      new Spec().print(b, a, 'v');
      prevString = isString;
    }
    return b.toString();
  }

  static String sprintln(List<@Nullable Object> args) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < args.size(); i++) {
      if (i > 0) {
        b.append(' ');
      }
      new Spec().print(b, args.get(i), 'v');
    }
    return b.append('\n').toString();
  }

  /** %v of one value. */
  static String print(@Nullable Object v) {
    StringBuilder b = new StringBuilder();
    new Spec().print(b, v, 'v');
    return b.toString();
  }

  static String sprintf(String format, List<@Nullable Object> args) {
    StringBuilder b = new StringBuilder();
    int argNum = 0;
    boolean reordered = false;
    boolean goodArgNum = true;
    int end = format.length();
    int i = 0;
    while (i < end) {
      goodArgNum = true;
      int lasti = i;
      while (i < end && format.charAt(i) != '%') {
        i++;
      }
      if (i > lasti) {
        b.append(format, lasti, i);
      }
      if (i >= end) {
        break;
      }
      i++;
      Spec spec = new Spec();
      flags:
      while (i < end) {
        switch (format.charAt(i)) {
          case '#' -> spec.sharp = true;
          case '0' -> spec.zero = !spec.minus;
          case '+' -> spec.plus = true;
          case '-' -> {
            spec.minus = true;
            spec.zero = false;
          }
          case ' ' -> spec.space = true;
          default -> {
            break flags;
          }
        }
        i++;
      }
      // argument index, then width
      int[] idx = argIndex(format, i, argNum, args.size());
      if (idx[2] == 1) {
        reordered = true;
      }
      if (idx[3] == 0) {
        goodArgNum = false;
      }
      argNum = idx[0];
      i = idx[1];
      if (i < end && format.charAt(i) == '*') {
        i++;
        if (argNum < args.size() && GoValues.isInt(args.get(argNum))) {
          long w = ((Number) args.get(argNum)).longValue();
          spec.wid = (int) w;
          spec.widPresent = true;
          if (w < 0) {
            spec.minus = true;
            spec.zero = false;
            spec.wid = (int) -w;
          }
        } else {
          b.append("%!(BADWIDTH)");
        }
        argNum++;
        reordered = false;
      } else {
        int start = i;
        while (i < end && Character.isDigit(format.charAt(i))) {
          i++;
        }
        if (i > start) {
          spec.wid = Integer.parseInt(format.substring(start, Math.min(i, start + 9)));
          spec.widPresent = true;
          if (reordered) {
            goodArgNum = false;
          }
        }
      }
      if (i + 1 <= end && i < end && format.charAt(i) == '.') {
        i++;
        if (reordered) {
          goodArgNum = false;
        }
        idx = argIndex(format, i, argNum, args.size());
        if (idx[2] == 1) {
          reordered = true;
        }
        argNum = idx[0];
        i = idx[1];
        if (i < end && format.charAt(i) == '*') {
          i++;
          if (argNum < args.size() && GoValues.isInt(args.get(argNum))) {
            long p = ((Number) args.get(argNum)).longValue();
            spec.prec = (int) p;
            spec.precPresent = p >= 0;
          } else {
            b.append("%!(BADPREC)");
          }
          argNum++;
          reordered = false;
        } else {
          int start = i;
          while (i < end && Character.isDigit(format.charAt(i))) {
            i++;
          }
          spec.prec =
              i > start ? Integer.parseInt(format.substring(start, Math.min(i, start + 9))) : 0;
          spec.precPresent = true;
        }
      }
      if (!reordered) {
        idx = argIndex(format, i, argNum, args.size());
        if (idx[2] == 1) {
          reordered = true;
        }
        if (idx[3] == 0) {
          goodArgNum = false;
        }
        argNum = idx[0];
        i = idx[1];
      }
      if (i >= end) {
        b.append("%!(NOVERB)");
        break;
      }
      int verb = format.codePointAt(i);
      i += Character.charCount(verb);
      if (verb == '%') {
        b.append('%');
      } else if (!goodArgNum) {
        b.append("%!").appendCodePoint(verb).append("(BADINDEX)");
      } else if (argNum >= args.size()) {
        b.append("%!").appendCodePoint(verb).append("(MISSING)");
      } else {
        spec.print(b, args.get(argNum), verb);
        argNum++;
      }
    }
    if (!reordered && argNum < args.size()) {
      b.append("%!(EXTRA ");
      for (int k = argNum; k < args.size(); k++) {
        if (k > argNum) {
          b.append(", ");
        }
        Object a = args.get(k);
        if (a == null) {
          b.append("<nil>");
        } else {
          b.append(GoValues.typeName(a)).append('=');
          new Spec().print(b, a, 'v');
        }
      }
      b.append(')');
    }
    return b.toString();
  }

  /** Reads "[n]" at i: {new argNum, new i, found, ok}. */
  private static int[] argIndex(String format, int i, int argNum, int numArgs) {
    if (i >= format.length() || format.charAt(i) != '[') {
      return new int[] {argNum, i, 0, 1};
    }
    int close = format.indexOf(']', i);
    if (close < 0) {
      return new int[] {argNum, format.length(), 1, 0};
    }
    String n = format.substring(i + 1, close);
    try {
      int index = Integer.parseInt(n) - 1;
      if (index < 0 || index >= numArgs || n.isEmpty()) {
        return new int[] {argNum, close + 1, 1, 0};
      }
      return new int[] {index, close + 1, 1, 1};
    } catch (NumberFormatException e) {
      return new int[] {argNum, close + 1, 1, 0};
    }
  }

  /** The flags, width and precision of one verb. */
  static final class Spec {
    boolean sharp;
    boolean zero;
    boolean plus;
    boolean minus;
    boolean space;
    boolean widPresent;
    boolean precPresent;
    int wid;
    int prec;

    void print(StringBuilder b, @Nullable Object arg, int verb) {
      if (arg == null) {
        if (verb == 'T' || verb == 'v') {
          pad(b, "<nil>");
        } else {
          badVerb(b, verb, null);
        }
        return;
      }
      if (verb == 'T') {
        pad(b, GoValues.typeName(arg));
        return;
      }
      switch (arg) {
        case Boolean v -> {
          if (verb == 't' || verb == 'v') {
            pad(b, v.toString());
          } else {
            badVerb(b, verb, arg);
          }
        }
        case String s -> fmtString(b, s, verb, arg);
        case GoTime t -> stringer(b, t.toString(), verb, arg);
        case Semver s -> stringer(b, s.toString(), verb, arg);
        case GoTime.Month m -> stringer(b, m.toString(), verb, arg);
        case GoTime.Weekday w -> stringer(b, w.toString(), verb, arg);
        case GoValues.Complex c -> pad(b, c.toString());
        case Number n when GoValues.isInt(n) ->
            fmtInteger(
                b,
                n instanceof BigInteger big ? big : BigInteger.valueOf(n.longValue()),
                verb,
                arg);
        case Number n -> fmtFloat(b, n.doubleValue(), verb, arg);
        case Map<?, ?> m -> {
          b.append("map[");
          boolean first = true;
          for (Map.Entry<?, ?> e : GoValues.sortedEntries(m)) {
            if (!first) {
              b.append(' ');
            }
            first = false;
            print(b, e.getKey(), verb);
            b.append(':');
            element(b, e.getValue(), verb);
          }
          b.append(']');
        }
        case List<?> l -> {
          b.append('[');
          for (int i = 0; i < l.size(); i++) {
            if (i > 0) {
              b.append(' ');
            }
            element(b, l.get(i), verb);
          }
          b.append(']');
        }
        default -> pad(b, arg.toString());
      }
    }

    private void element(StringBuilder b, @Nullable Object v, int verb) {
      if (v == null) {
        pad(b, "<nil>");
      } else {
        print(b, v, verb);
      }
    }

    private void stringer(StringBuilder b, String s, int verb, Object arg) {
      switch (verb) {
        case 'v', 's', 'x', 'X', 'q' -> fmtString(b, s, verb, arg);
        default -> badVerb(b, verb, arg);
      }
    }

    private void badVerb(StringBuilder b, int verb, @Nullable Object arg) {
      b.append("%!").appendCodePoint(verb).append('(');
      if (arg == null) {
        b.append("<nil>");
      } else {
        b.append(GoValues.typeName(arg)).append('=');
        new Spec().print(b, arg, 'v');
      }
      b.append(')');
    }

    private void fmtString(StringBuilder b, String s, int verb, Object arg) {
      switch (verb) {
        case 'v' -> {
          if (sharp) {
            pad(b, GoQuote.quote(s));
          } else {
            padString(b, s);
          }
        }
        case 's' -> padString(b, s);
        case 'q' -> {
          String t = truncate(s);
          if (sharp && canBackquote(t)) {
            pad(b, "`" + t + "`");
          } else {
            pad(b, plus ? GoQuote.quoteAscii(t) : GoQuote.quote(t));
          }
        }
        case 'x', 'X' -> {
          byte[] bytes = truncate(s).getBytes(StandardCharsets.UTF_8);
          StringBuilder h = new StringBuilder();
          for (int i = 0; i < bytes.length; i++) {
            if (space && i > 0) {
              h.append(' ');
            }
            if (sharp && (space || i == 0)) {
              h.append(verb == 'x' ? "0x" : "0X");
            }
            String hx = String.format("%02x", bytes[i] & 0xff);
            h.append(verb == 'X' ? hx.toUpperCase(Locale.ROOT) : hx);
          }
          pad(b, h.toString());
        }
        default -> badVerb(b, verb, arg);
      }
    }

    private static boolean canBackquote(String s) {
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c == '`' || c == '\uFEFF' || c < ' ' && c != '\t' || c == 0x7f) {
          return false;
        }
      }
      return true;
    }

    private String truncate(String s) {
      if (precPresent && s.codePointCount(0, s.length()) > prec) {
        return s.substring(0, s.offsetByCodePoints(0, prec));
      }
      return s;
    }

    private void padString(StringBuilder b, String s) {
      pad(b, truncate(s));
    }

    private void pad(StringBuilder b, String s) {
      int n = s.codePointCount(0, s.length());
      if (!widPresent || wid <= n) {
        b.append(s);
        return;
      }
      String padding = (zero && !minus ? "0" : " ").repeat(wid - n);
      if (minus) {
        b.append(s).append(" ".repeat(wid - n));
      } else {
        b.append(padding).append(s);
      }
    }

    private void fmtInteger(StringBuilder b, BigInteger v, int verb, Object arg) {
      switch (verb) {
        case 'v', 'd' -> integer(b, v, 10, verb, false);
        case 'b' -> integer(b, v, 2, verb, false);
        case 'o', 'O' -> integer(b, v, 8, verb, false);
        case 'x' -> integer(b, v, 16, verb, false);
        case 'X' -> integer(b, v, 16, verb, true);
        case 'c' -> pad(b, new String(Character.toChars(validRune(v))));
        case 'q' -> pad(b, GoQuote.quoteRune(validRune(v)));
        case 'U' -> {
          String hex = v.toString(16).toUpperCase(Locale.ROOT);
          String u = "U+" + "0".repeat(Math.max(0, 4 - hex.length())) + hex;
          if (sharp && GoQuote.isPrint(validRune(v))) {
            u += " '" + new String(Character.toChars(validRune(v))) + "'";
          }
          pad(b, u);
        }
        case 'e', 'E', 'f', 'F', 'g', 'G' -> badVerb(b, verb, arg);
        default -> badVerb(b, verb, arg);
      }
    }

    private static int validRune(BigInteger v) {
      if (v.bitLength() > 31
          || v.signum() < 0
          || v.intValue() > 0x10FFFF
          || v.intValue() >= 0xD800 && v.intValue() < 0xE000) {
        return 0xFFFD;
      }
      return v.intValue();
    }

    private void integer(StringBuilder b, BigInteger v, int base, int verb, boolean upper) {
      boolean negative = v.signum() < 0;
      String digits = v.abs().toString(base);
      if (upper) {
        digits = digits.toUpperCase(Locale.ROOT);
      }
      int precision = 1;
      boolean zeroPadViaPrecision = false;
      if (precPresent) {
        precision = prec;
        if (prec == 0 && v.signum() == 0) {
          boolean oldZero = zero;
          zero = false;
          pad(b, "");
          zero = oldZero;
          return;
        }
      } else if (zero && widPresent && !minus) {
        precision = wid;
        if (negative || plus || space) {
          precision--;
        }
        zeroPadViaPrecision = true;
      }
      StringBuilder s = new StringBuilder();
      if (digits.length() < precision) {
        s.append("0".repeat(precision - digits.length()));
      }
      s.append(digits);
      if (sharp) {
        switch (base) {
          case 2 -> s.insert(0, "0b");
          case 8 -> {
            if (s.charAt(0) != '0') {
              s.insert(0, '0');
            }
          }
          case 16 -> s.insert(0, upper ? "0X" : "0x");
          default -> {}
        }
      }
      if (verb == 'O') {
        s.insert(0, "0o");
      }
      if (negative) {
        s.insert(0, '-');
      } else if (plus) {
        s.insert(0, '+');
      } else if (space) {
        s.insert(0, ' ');
      }
      boolean oldZero = zero;
      if (zeroPadViaPrecision || precPresent) {
        zero = false;
      }
      pad(b, s.toString());
      zero = oldZero;
    }

    private void fmtFloat(StringBuilder b, double v, int verb, Object arg) {
      int p;
      char f;
      switch (verb) {
        case 'v' -> {
          f = 'g';
          p = -1;
        }
        case 'b', 'g', 'G', 'x', 'X' -> {
          f = (char) verb;
          p = -1;
        }
        case 'f', 'e', 'E', 'F' -> {
          f = (char) verb;
          p = 6;
        }
        default -> {
          badVerb(b, verb, arg);
          return;
        }
      }
      if (precPresent) {
        p = prec;
      }
      String num =
          f == 'b' ? binaryFloat(v) : f == 'x' || f == 'X' ? hexFloat(v, f) : formatFloat(v, f, p);
      if (sharp && f != 'b' && !num.contains(".") && !num.contains("Inf") && !num.contains("NaN")) {
        int e = num.indexOf('e');
        num = e < 0 ? num + "." : num.substring(0, e) + "." + num.substring(e);
      }
      String sign = num.startsWith("-") ? "-" : "+";
      String body = num.startsWith("-") || num.startsWith("+") ? num.substring(1) : num;
      if (space && sign.equals("+") && !plus) {
        sign = " ";
      }
      if (body.equals("Inf") || body.equals("NaN")) {
        boolean oldZero = zero;
        zero = false;
        String out = body.equals("NaN") && !space && !plus ? body : sign + body;
        pad(b, out);
        zero = oldZero;
        return;
      }
      if (plus || !sign.equals("+")) {
        String full = sign + body;
        if (zero && widPresent && wid > full.length() && !minus) {
          b.append(sign).append("0".repeat(wid - full.length())).append(body);
          return;
        }
        pad(b, full);
        return;
      }
      if (zero && widPresent && wid > body.length() && !minus) {
        b.append("0".repeat(wid - body.length())).append(body);
        return;
      }
      pad(b, body);
    }
  }

  /** strconv 'b': the mantissa and binary exponent, "4503599627370496p-50". */
  static String binaryFloat(double v) {
    long bits = Double.doubleToRawLongBits(v);
    boolean neg = bits < 0;
    int exp = (int) (bits >> 52 & 0x7ff);
    long mant = bits & ((1L << 52) - 1);
    if (exp == 0) {
      exp++;
    } else {
      mant |= 1L << 52;
    }
    exp -= 1075;
    return (neg ? "-" : "") + mant + "p" + (exp >= 0 ? "+" : "") + exp;
  }

  /** strconv 'x' with the shortest precision: "0x1.cp+01". */
  static String hexFloat(double v, char fmt) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return formatFloat(v, 'g', -1);
    }
    String j = Double.toHexString(Math.abs(v));
    int p = j.indexOf('p');
    String mant = j.substring(2, p);
    int exp = Integer.parseInt(j.substring(p + 1));
    if (mant.startsWith("0.") && v != 0) {
      // a subnormal: normalise to 1.x as Go does
      double scaled = Math.abs(v) * Math.pow(2, 52);
      String k = Double.toHexString(scaled);
      int q = k.indexOf('p');
      mant = k.substring(2, q);
      exp = Integer.parseInt(k.substring(q + 1)) - 52;
    }
    if (mant.endsWith(".0")) {
      mant = mant.substring(0, mant.length() - 2);
    }
    if (v == 0) {
      mant = "0";
      exp = 0;
    }
    String out =
        (v < 0 || v == 0 && 1 / v < 0 ? "-" : "")
            + "0x"
            + mant
            + "p"
            + (exp < 0 ? "-" : "+")
            + (Math.abs(exp) < 10 ? "0" : "")
            + Math.abs(exp);
    return fmt == 'X' ? out.toUpperCase(Locale.ROOT) : out;
  }

  /** Go's strconv.FormatFloat(v, fmt, prec, 64) for e, E, f, F, g, G (prec -1: shortest). */
  static String formatFloat(double v, char fmt, int prec) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    boolean neg = v < 0 || v == 0 && 1 / v < 0;
    double a = Math.abs(v);
    String digits;
    int dp;
    boolean shortest = prec < 0;
    char lower = Character.toLowerCase(fmt);
    if (a == 0) {
      digits = "";
      dp = 0;
    } else if (shortest) {
      BigDecimal d = new BigDecimal(Double.toString(a)).stripTrailingZeros();
      digits = d.unscaledValue().toString();
      dp = digits.length() - d.scale();
    } else {
      BigDecimal exact = new BigDecimal(a);
      BigDecimal rounded =
          switch (lower) {
            case 'e' -> exact.round(new MathContext(prec + 1, RoundingMode.HALF_EVEN));
            case 'f' -> exact.setScale(prec, RoundingMode.HALF_EVEN);
            default -> exact.round(new MathContext(prec == 0 ? 1 : prec, RoundingMode.HALF_EVEN));
          };
      if (rounded.signum() == 0) {
        digits = "";
        dp = 0;
      } else {
        BigDecimal s = rounded.stripTrailingZeros();
        digits = s.unscaledValue().toString();
        dp = digits.length() - s.scale();
      }
    }
    String body =
        switch (lower) {
          case 'e' -> fmtE(digits, dp, shortest ? Math.max(digits.length() - 1, 0) : prec, fmt);
          case 'f' -> fmtF(digits, dp, shortest ? Math.max(digits.length() - dp, 0) : prec);
          case 'g' -> {
            int eprec = prec;
            int nd = digits.length();
            if (eprec > nd && nd >= dp) {
              eprec = nd;
            }
            if (shortest) {
              eprec = 6;
            }
            int exp = dp - 1;
            if (a == 0) {
              exp = 0;
            }
            if (exp < -4 || exp >= eprec) {
              int p =
                  shortest
                      ? Math.max(nd - 1, 0)
                      : Math.max(Math.min(prec == 0 ? 1 : prec, Math.max(nd, 1)) - 1, 0);
              yield fmtE(digits, dp, p, fmt == 'G' ? 'E' : 'e');
            }
            yield fmtF(digits, dp, Math.max(nd - dp, 0));
          }
          default -> Double.toString(a);
        };
    return (neg ? "-" : "") + body;
  }

  private static String fmtE(String digits, int dp, int prec, char fmt) {
    StringBuilder b = new StringBuilder();
    b.append(digits.isEmpty() ? '0' : digits.charAt(0));
    if (prec > 0) {
      b.append('.');
      int i = 1;
      int m = Math.min(digits.length(), prec + 1);
      if (i < m) {
        b.append(digits, i, m);
        i = m;
      }
      for (; i <= prec; i++) {
        b.append('0');
      }
    }
    b.append(Character.isUpperCase(fmt) ? 'E' : 'e');
    int exp = digits.isEmpty() ? 0 : dp - 1;
    b.append(exp < 0 ? '-' : '+');
    int e = Math.abs(exp);
    if (e < 10) {
      b.append('0');
    }
    b.append(e);
    return b.toString();
  }

  private static String fmtF(String digits, int dp, int prec) {
    StringBuilder b = new StringBuilder();
    if (dp > 0) {
      int m = Math.min(digits.length(), dp);
      b.append(digits, 0, m);
      for (; m < dp; m++) {
        b.append('0');
      }
    } else {
      b.append('0');
    }
    if (prec > 0) {
      b.append('.');
      for (int i = 1; i <= prec; i++) {
        int j = dp + i - 1;
        b.append(j >= 0 && j < digits.length() ? digits.charAt(j) : '0');
      }
    }
    return b.toString();
  }
}
