package io.compozy.contracts.template;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** How template values print, compare and test true, following Go's fmt and text/template. */
final class Values {
  private Values() {}

  static boolean isTrue(@Nullable Object v) {
    return switch (v) {
      case null -> false;
      case Boolean b -> b;
      case String s -> !s.isEmpty();
      case Number n -> n.doubleValue() != 0;
      case Collection<?> c -> !c.isEmpty();
      case Map<?, ?> m -> !m.isEmpty();
      case Object[] a -> a.length > 0;
      default -> true;
    };
  }

  static boolean isEmpty(@Nullable Object v) {
    return !isTrue(v);
  }

  static String print(@Nullable Object v) {
    StringBuilder out = new StringBuilder();
    print(v, out, true);
    return out.toString();
  }

  private static void print(@Nullable Object v, StringBuilder out, boolean top) {
    switch (v) {
      case null -> out.append(top ? "<no value>" : "<nil>");
      case String s -> out.append(s);
      case Double d -> out.append(formatFloat(d));
      case Float f -> out.append(formatFloat(f.doubleValue()));
      case BigDecimal d -> out.append(formatFloat(d.doubleValue()));
      case Number n -> out.append(n.longValue());
      case Map<?, ?> m -> {
        out.append("map[");
        boolean first = true;
        for (Map.Entry<?, ?> e : new TreeMap<>(m).entrySet()) {
          if (!first) {
            out.append(' ');
          }
          first = false;
          out.append(e.getKey()).append(':');
          print(e.getValue(), out, false);
        }
        out.append(']');
      }
      case Collection<?> c -> {
        out.append('[');
        boolean first = true;
        for (Object o : c) {
          if (!first) {
            out.append(' ');
          }
          first = false;
          print(o, out, false);
        }
        out.append(']');
      }
      default -> out.append(v);
    }
  }

  /** Go's %v for a float64: the shortest digits, in exponent form below 1e-4 or from 1e6 (as %g). */
  static String formatFloat(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "+Inf" : "-Inf";
    }
    if (d == 0) {
      return "0";
    }
    BigDecimal shortest = new BigDecimal(Double.toString(d)).stripTrailingZeros();
    int exponent = shortest.precision() - shortest.scale() - 1;
    if (exponent < -4 || exponent >= 6) {
      String digits = shortest.unscaledValue().abs().toString();
      String mantissa = digits.length() > 1 ? digits.charAt(0) + "." + digits.substring(1) : digits;
      return (d < 0 ? "-" : "")
          + mantissa
          + "e"
          + (exponent < 0 ? "-" : "+")
          + String.format("%02d", Math.abs(exponent));
    }
    return shortest.toPlainString();
  }

  static boolean isNumber(@Nullable Object v) {
    return v instanceof Number;
  }

  static boolean isIntegral(@Nullable Object v) {
    return v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte || v instanceof BigInteger;
  }

  static int compare(@Nullable Object a, @Nullable Object b, String fn) {
    if (a instanceof Number x && b instanceof Number y) {
      if (isIntegral(x) && isIntegral(y)) {
        return Long.compare(x.longValue(), y.longValue());
      }
      return Double.compare(x.doubleValue(), y.doubleValue());
    }
    if (a instanceof String x && b instanceof String y) {
      return x.compareTo(y);
    }
    throw new TemplateException(
        "error calling " + fn + ": incompatible types for comparison: " + kind(a) + " and " + kind(b));
  }

  static boolean equal(@Nullable Object a, @Nullable Object b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (a instanceof Number || b instanceof Number || a instanceof String || b instanceof String || a instanceof Boolean || b instanceof Boolean) {
      if (a instanceof Boolean x && b instanceof Boolean y) {
        return x.equals(y);
      }
      if (a.getClass() == Boolean.class || b.getClass() == Boolean.class) {
        throw new TemplateException("error calling eq: incompatible types for comparison: " + kind(a) + " and " + kind(b));
      }
      return compare(a, b, "eq") == 0;
    }
    throw new TemplateException("error calling eq: non-comparable type " + kind(a));
  }

  static String kind(@Nullable Object v) {
    return switch (v) {
      case null -> "nil";
      case String s -> "string";
      case Boolean b -> "bool";
      case Double d -> "float64";
      case Number n -> "int";
      case Map<?, ?> m -> "map";
      case List<?> l -> "slice";
      default -> v.getClass().getSimpleName();
    };
  }
}
