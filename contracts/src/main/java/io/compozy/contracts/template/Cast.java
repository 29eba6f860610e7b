package io.compozy.contracts.template;

import java.math.BigInteger;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The loose conversions Sprig relies on (spf13/cast, Sprig's strval and empty). */
final class Cast {
  private Cast() {}

  /**
   * cast.ToInt64: numbers truncate, strings parse (0x, 0o, 0b, a trailing ".0"), anything else is
   * 0.
   */
  static long toInt64(@Nullable Object v) {
    return switch (v) {
      case null -> 0;
      case Boolean b -> b ? 1 : 0;
      case BigInteger b -> b.longValue();
      case Number n when GoValues.isInt(n) -> n.longValue();
      case Number n -> goTruncate(n.doubleValue());
      case String s -> {
        BigInteger parsed = Numbers.parseInteger(trimZeroDecimal(s));
        yield parsed == null || parsed.bitLength() > 63 ? 0 : parsed.longValue();
      }
      default -> 0;
    };
  }

  /** Go's int64(f) on amd64: out-of-range and NaN give the minimum value. */
  static long goTruncate(double d) {
    if (Double.isNaN(d) || d >= 9.223372036854775807E18 || d < -9.223372036854775808E18) {
      return Long.MIN_VALUE;
    }
    return (long) d;
  }

  private static String trimZeroDecimal(String s) {
    boolean foundZero = false;
    for (int i = s.length() - 1; i >= 0; i--) {
      char c = s.charAt(i);
      if (c == '.') {
        return foundZero ? s.substring(0, i) : s;
      }
      if (c != '0') {
        return s;
      }
      foundZero = true;
    }
    return s;
  }

  static double toFloat64(@Nullable Object v) {
    return switch (v) {
      case null -> 0;
      case Boolean b -> b ? 1 : 0;
      case Number n -> n.doubleValue();
      case String s -> {
        Double d = Numbers.parseFloat(s.trim().equals(s) ? s : "x");
        if (d == null) {
          String t = s.toLowerCase(Locale.ROOT);
          yield switch (t) {
            case "inf", "+inf", "infinity", "+infinity" -> Double.POSITIVE_INFINITY;
            case "-inf", "-infinity" -> Double.NEGATIVE_INFINITY;
            case "nan" -> Double.NaN;
            default -> 0;
          };
        }
        yield d;
      }
      default -> 0;
    };
  }

  /** Sprig's strval: strings as they are, Stringers by String(), the rest as %v. */
  static String strval(@Nullable Object v) {
    return v instanceof String s ? s : GoFmt.print(v);
  }

  /** Sprig's empty: nil, zero numbers, false, and empty strings, lists and maps. */
  static boolean empty(@Nullable Object v) {
    return switch (v) {
      case null -> true;
      case String s -> s.isEmpty();
      case Collection<?> c -> c.isEmpty();
      case Map<?, ?> m -> m.isEmpty();
      case Boolean b -> !b;
      case Number n when GoValues.isInt(n) -> n.longValue() == 0;
      case Number n -> n.doubleValue() == 0;
      default -> false;
    };
  }

  /** reflect.TypeOf(v).Kind(), which panics on nil. */
  static String kindOrPanic(@Nullable Object v) {
    if (v == null) {
      throw new GoFunction.GoError(
          "runtime error: invalid memory address or nil pointer dereference");
    }
    return GoValues.kindName(v);
  }

  static boolean isList(@Nullable Object v) {
    return v instanceof List<?>;
  }

  /** Go's reflect.DeepEqual over template values. */
  static boolean deepEqual(@Nullable Object a, @Nullable Object b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (!GoValues.typeName(a).equals(GoValues.typeName(b))) {
      return false;
    }
    if (a instanceof Number x && b instanceof Number y) {
      return GoValues.isInt(x)
          ? x.longValue() == y.longValue()
          : x.doubleValue() == y.doubleValue();
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (int i = 0; i < x.size(); i++) {
        if (!deepEqual(x.get(i), y.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (Map.Entry<?, ?> e : x.entrySet()) {
        if (!y.containsKey(e.getKey()) || !deepEqual(e.getValue(), y.get(e.getKey()))) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }
}
