package io.compozy.contracts.template;

import java.math.BigInteger;
import java.util.function.Function;

/**
 * Number literals as Go's template parser reads them (strconv with base prefixes and underscores).
 */
final class Numbers {
  private Numbers() {}

  static Node.NumberNode parse(Token token, Function<String, TemplateException> errorf) {
    String text = token.text();
    if (token.kind() == Token.Kind.CHAR_CONSTANT) {
      String value;
      try {
        value = GoQuote.unquote(text);
      } catch (GoQuote.SyntaxError e) {
        throw errorf.apply("malformed character constant: " + text);
      }
      int rune = value.codePointAt(0);
      return new Node.NumberNode(token.pos(), text, true, true, true, false, rune, rune, 0);
    }
    if (text.endsWith("i") && !text.startsWith("0x") && !text.startsWith("0X")) {
      return complex(token, errorf);
    }
    boolean isInt = false;
    boolean isUint = false;
    boolean isFloat = false;
    long intValue = 0;
    double floatValue = 0;
    BigInteger big = parseInteger(text);
    if (big != null) {
      if (big.signum() >= 0 && big.bitLength() <= 64) {
        isUint = true;
      }
      if (big.bitLength() <= 63) {
        isInt = true;
        intValue = big.longValue();
        if (intValue == 0) {
          isUint = true;
        }
      }
    }
    if (isInt) {
      isFloat = true;
      floatValue = intValue;
    } else if (isUint) {
      isFloat = true;
      floatValue = big.doubleValue();
    } else {
      Double f = parseFloat(text);
      if (f != null) {
        if (!containsAny(text, ".eEpP")) {
          throw errorf.apply("integer overflow: " + GoQuote.quote(text));
        }
        isFloat = true;
        floatValue = f;
        if (!isInt && Math.rint(f) == f && Math.abs(f) < 9.223372036854775807E18) {
          isInt = true;
          intValue = (long) f.doubleValue();
        }
      }
    }
    if (!isInt && !isUint && !isFloat) {
      throw errorf.apply("illegal number syntax: " + GoQuote.quote(text));
    }
    return new Node.NumberNode(
        token.pos(), text, isInt, isUint, isFloat, false, intValue, floatValue, 0);
  }

  /**
   * "2i" and "1+2i": a complex constant; with a zero imaginary part it is also a float (and an
   * int).
   */
  private static Node.NumberNode complex(Token token, Function<String, TemplateException> errorf) {
    String text = token.text();
    String body = text.substring(0, text.length() - 1);
    int split = Math.max(body.lastIndexOf('+'), body.lastIndexOf('-'));
    while (split > 0 && (body.charAt(split - 1) == 'e' || body.charAt(split - 1) == 'E')) {
      int before = Math.max(body.lastIndexOf('+', split - 1), body.lastIndexOf('-', split - 1));
      split = before;
    }
    Double re = split > 0 ? parseFloat(body.substring(0, split)) : Double.valueOf(0);
    Double im = parseFloat(split > 0 ? body.substring(split) : body);
    if (re == null || im == null) {
      throw errorf.apply("illegal number syntax: " + GoQuote.quote(text));
    }
    boolean isFloat = im == 0;
    boolean isInt = isFloat && Math.rint(re) == re;
    return new Node.NumberNode(
        token.pos(),
        text,
        isInt,
        false,
        isFloat,
        true,
        isInt ? (long) re.doubleValue() : 0,
        re,
        im);
  }

  static boolean containsAny(String s, String chars) {
    for (int i = 0; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return true;
      }
    }
    return false;
  }

  /** Go's strconv.ParseInt(s, 0, …) without the range check; null when not an integer literal. */
  static BigInteger parseInteger(String s) {
    String t = s;
    boolean negative = false;
    if (t.startsWith("+") || t.startsWith("-")) {
      negative = t.startsWith("-");
      t = t.substring(1);
    }
    int base = 10;
    boolean prefixed = false;
    if (t.length() > 1 && t.charAt(0) == '0') {
      char p = Character.toLowerCase(t.charAt(1));
      if (p == 'x') {
        base = 16;
        t = t.substring(2);
        prefixed = true;
      } else if (p == 'o') {
        base = 8;
        t = t.substring(2);
        prefixed = true;
      } else if (p == 'b') {
        base = 2;
        t = t.substring(2);
        prefixed = true;
      } else {
        base = 8;
        t = t.substring(1);
        prefixed = true;
      }
    }
    if (!underscoreOk(prefixed ? "0x" + t : t)) {
      return null;
    }
    t = t.replace("_", "");
    if (t.isEmpty()) {
      return null;
    }
    try {
      BigInteger v = new BigInteger(t, base);
      return negative ? v.negate() : v;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Underscores only between digits (or after a base prefix), as Go requires. */
  private static boolean underscoreOk(String s) {
    if (s.startsWith("_") || s.endsWith("_") || s.contains("__")) {
      return !s.contains("_");
    }
    return true;
  }

  /** Go's strconv.ParseFloat for decimal and hex literals; null when it is not one. */
  static Double parseFloat(String s) {
    String t = s.replace("_", "");
    if (t.isEmpty() || s.startsWith("_") || s.endsWith("_")) {
      return null;
    }
    try {
      String body = t.startsWith("+") || t.startsWith("-") ? t.substring(1) : t;
      if (body.startsWith("0x") || body.startsWith("0X")) {
        String hex = t.contains("p") || t.contains("P") ? t : t + "p0";
        return Double.parseDouble(hex);
      }
      if (!body.matches("(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
        return null;
      }
      double d = Double.parseDouble(t);
      return Double.isInfinite(d) ? null : d;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
