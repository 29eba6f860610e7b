package io.compozy.contracts.template;

import static io.compozy.contracts.template.GoFunction.Param.ANY;
import static io.compozy.contracts.template.GoFunction.Param.FLOAT64;
import static io.compozy.contracts.template.GoFunction.Param.INT;
import static io.compozy.contracts.template.GoFunction.Param.STRING;

import io.compozy.contracts.template.GoFunction.GoError;
import io.compozy.contracts.template.GoValues.Int64;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.security.SecureRandom;
import java.util.List;
import java.util.function.BinaryOperator;
import org.jspecify.annotations.Nullable;

/** Sprig's integer and float arithmetic and conversions (int64 results, as in Sprig). */
final class SprigMath {
  private SprigMath() {}

  private static final SecureRandom RANDOM = new SecureRandom();

  static void register(Functions.Table t) {
    t.fn("atoi", a -> atoi(a.string(0)), STRING);
    t.fn("int64", a -> new Int64(Cast.toInt64(a.get(0))), ANY);
    t.fn("int", a -> Cast.toInt64(a.get(0)), ANY);
    t.fn("float64", a -> Cast.toFloat64(a.get(0)), ANY);
    t.fn("toDecimal", a -> toDecimal(a.get(0)), ANY);
    t.fn("add1", a -> new Int64(Cast.toInt64(a.get(0)) + 1), ANY);
    t.variadic(
        "add",
        a -> {
          long sum = 0;
          for (Object v : a.values()) {
            sum += Cast.toInt64(v);
          }
          return new Int64(sum);
        },
        ANY);
    t.fn("sub", a -> new Int64(Cast.toInt64(a.get(0)) - Cast.toInt64(a.get(1))), ANY, ANY);
    t.fn("div", a -> new Int64(divide(Cast.toInt64(a.get(0)), Cast.toInt64(a.get(1)))), ANY, ANY);
    t.fn("mod", a -> new Int64(modulo(Cast.toInt64(a.get(0)), Cast.toInt64(a.get(1)))), ANY, ANY);
    t.variadic(
        "mul",
        a -> {
          long v = Cast.toInt64(a.get(0));
          for (Object x : a.from(1)) {
            v *= Cast.toInt64(x);
          }
          return new Int64(v);
        },
        ANY,
        ANY);
    t.fn(
        "randInt",
        a -> {
          long min = a.integer(0);
          long max = a.integer(1);
          if (max - min <= 0) {
            throw new GoError("invalid argument to Intn");
          }
          return min + RANDOM.nextLong(max - min);
        },
        INT,
        INT);
    t.fn("add1f", a -> decimalOp(a.get(0), List.of(1L), BigDecimal::add), ANY);
    t.variadic("addf", a -> decimalOp(0.0, a.values(), BigDecimal::add), ANY);
    t.variadic("subf", a -> decimalOp(a.get(0), a.from(1), BigDecimal::subtract), ANY, ANY);
    t.variadic("divf", a -> decimalOp(a.get(0), a.from(1), SprigMath::divideDecimal), ANY, ANY);
    t.variadic("mulf", a -> decimalOp(a.get(0), a.from(1), BigDecimal::multiply), ANY, ANY);
    t.variadic(
        "max",
        a -> {
          long m = Cast.toInt64(a.get(0));
          for (Object x : a.from(1)) {
            m = Math.max(m, Cast.toInt64(x));
          }
          return new Int64(m);
        },
        ANY,
        ANY);
    t.alias("biggest", "max");
    t.variadic(
        "min",
        a -> {
          long m = Cast.toInt64(a.get(0));
          for (Object x : a.from(1)) {
            m = Math.min(m, Cast.toInt64(x));
          }
          return new Int64(m);
        },
        ANY,
        ANY);
    t.variadic(
        "maxf",
        a -> {
          double m = Cast.toFloat64(a.get(0));
          for (Object x : a.from(1)) {
            m = Math.max(m, Cast.toFloat64(x));
          }
          return m;
        },
        ANY,
        ANY);
    t.variadic(
        "minf",
        a -> {
          double m = Cast.toFloat64(a.get(0));
          for (Object x : a.from(1)) {
            m = Math.min(m, Cast.toFloat64(x));
          }
          return m;
        },
        ANY,
        ANY);
    t.fn("ceil", a -> Math.ceil(Cast.toFloat64(a.get(0))), ANY);
    t.fn("floor", a -> Math.floor(Cast.toFloat64(a.get(0))), ANY);
    t.variadic(
        "round",
        a -> round(a.get(0), a.integer(1), a.size() > 2 ? a.floating(2) : 0.5),
        ANY,
        INT,
        FLOAT64);
  }

  private static long atoi(String s) {
    String t = s.startsWith("+") ? s.substring(1) : s;
    if (t.isEmpty()
        || !t.replaceFirst("^-", "").chars().allMatch(Character::isDigit)
        || t.equals("-")) {
      return 0;
    }
    try {
      return Long.parseLong(t);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static long toDecimal(@Nullable Object v) {
    String s = GoFmt.print(v);
    String t = s.startsWith("+") || s.startsWith("-") ? s.substring(1) : s;
    if (t.isEmpty() || !t.chars().allMatch(c -> c >= '0' && c <= '7')) {
      return 0;
    }
    try {
      return Long.parseLong(s, 8);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static long divide(long a, long b) {
    if (b == 0) {
      throw new GoError("runtime error: integer divide by zero");
    }
    return a / b;
  }

  private static long modulo(long a, long b) {
    if (b == 0) {
      throw new GoError("runtime error: integer divide by zero");
    }
    return a % b;
  }

  /** shopspring/decimal: decimal.NewFromFloat of each operand, the operation, then Float64. */
  private static double decimalOp(
      @Nullable Object first, List<@Nullable Object> rest, BinaryOperator<BigDecimal> op) {
    BigDecimal acc = fromFloat(Cast.toFloat64(first));
    for (Object x : rest) {
      acc = op.apply(acc, fromFloat(Cast.toFloat64(x)));
    }
    return acc.doubleValue();
  }

  private static BigDecimal fromFloat(double f) {
    if (Double.isNaN(f) || Double.isInfinite(f)) {
      throw new GoError("Cannot create a Decimal from " + GoFmt.formatFloat(f, 'g', -1));
    }
    // NewFromFloat keeps the shortest decimal that reads back as the same float
    return new BigDecimal(Double.toString(f));
  }

  /** decimal.Div: 16 digits after the point, rounded half up. */
  private static BigDecimal divideDecimal(BigDecimal a, BigDecimal b) {
    if (b.signum() == 0) {
      throw new GoError("decimal division by 0");
    }
    return a.divide(b, 16, RoundingMode.HALF_UP);
  }

  private static double round(@Nullable Object a, long places, double roundOn) {
    double val = Cast.toFloat64(a);
    double pow = Math.pow(10, places);
    double digit = pow * val;
    double fraction = digit - (digit < 0 ? Math.ceil(digit) : Math.floor(digit));
    double r = fraction >= roundOn ? Math.ceil(digit) : Math.floor(digit);
    return r / pow;
  }
}
