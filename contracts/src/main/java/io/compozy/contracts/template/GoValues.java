package io.compozy.contracts.template;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The Go types template values stand for, and the rules Go applies to them. Values are plain Java:
 * {@code null} (nil), Boolean, String, Integer/Long (Go's int), {@link Int64} (int64, what Sprig's
 * arithmetic returns), Double (float64), Map (map[string]interface {}), List ([]interface {}) or a
 * {@link Slice} of a named element type, {@link GoTime} (time.Time), {@link Semver}.
 */
final class GoValues {
  private GoValues() {}

  /** Go's int64, distinct from int only in its type name (Sprig's add, max, … return it). */
  static final class Int64 extends Number implements Comparable<Int64> {
    private static final long serialVersionUID = 1L;
    final long value;

    Int64(long value) {
      this.value = value;
    }

    @Override
    public int intValue() {
      return (int) value;
    }

    @Override
    public long longValue() {
      return value;
    }

    @Override
    public float floatValue() {
      return value;
    }

    @Override
    public double doubleValue() {
      return value;
    }

    @Override
    public int compareTo(Int64 o) {
      return Long.compare(value, o.value);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Int64 i && i.value == value;
    }

    @Override
    public int hashCode() {
      return Long.hashCode(value);
    }

    @Override
    public String toString() {
      return Long.toString(value);
    }
  }

  /** A slice whose Go element type is not interface {}: []string, []int, []uint8. */
  static final class Slice extends AbstractList<@Nullable Object> implements RandomAccess {
    final String elementType;
    private final List<@Nullable Object> items;

    Slice(String elementType, List<?> items) {
      this.elementType = elementType;
      this.items = new ArrayList<>(items);
    }

    static Slice strings(List<String> items) {
      return new Slice("string", items);
    }

    static Slice ints(List<Long> items) {
      return new Slice("int", items);
    }

    @Override
    public @Nullable Object get(int index) {
      return items.get(index);
    }

    @Override
    public int size() {
      return items.size();
    }
  }

  /**
   * A map made during this rendering (by dict, merge, fromJson, …). Sprig's set, unset and merge
   * change such maps in place, as Go does; a map from the template's data is copied first, so a
   * template never changes the platform's own state.
   */
  static final class Dict extends LinkedHashMap<String, @Nullable Object> {
    private static final long serialVersionUID = 1L;

    Dict() {}

    Dict(Map<?, ?> from) {
      from.forEach((k, v) -> put(String.valueOf(k), v));
    }
  }

  /**
   * A nil held in an interface (a null element of the data), as Go's built-ins that take a
   * reflect.Value see it: distinct from no value at all (a nil literal, a missing result).
   */
  static final Object NIL_INTERFACE =
      new Object() {
        @Override
        public String toString() {
          return "<nil>";
        }
      };

  /** A complex128 constant ({{ 1+2i }}): templates can only print it. */
  record Complex(double re, double im) {
    @Override
    public String toString() {
      String r = GoFmt.formatFloat(re, 'g', -1);
      String i = GoFmt.formatFloat(im, 'g', -1);
      return "(" + r + (i.startsWith("-") || i.startsWith("+") ? "" : "+") + i + "i)";
    }
  }

  /** Go's reflect kinds as far as templates meet them. */
  enum BasicKind {
    INVALID,
    BOOL,
    COMPLEX,
    INT,
    FLOAT,
    STRING,
    UINT,
    OTHER
  }

  static boolean isInt(@Nullable Object v) {
    return v instanceof Long
        || v instanceof Integer
        || v instanceof Short
        || v instanceof Byte
        || v instanceof BigInteger
        || v instanceof Int64;
  }

  static boolean isFloat(@Nullable Object v) {
    return v instanceof Double || v instanceof Float || v instanceof BigDecimal;
  }

  static BasicKind basicKind(@Nullable Object v) {
    if (v == null) {
      return BasicKind.INVALID;
    }
    if (v instanceof Boolean) {
      return BasicKind.BOOL;
    }
    if (isInt(v)) {
      return BasicKind.INT;
    }
    if (isFloat(v)) {
      return BasicKind.FLOAT;
    }
    if (v instanceof String) {
      return BasicKind.STRING;
    }
    return BasicKind.OTHER;
  }

  /** Go's %T: the dynamic type's name. */
  static String typeName(@Nullable Object v) {
    return switch (v) {
      case null -> "<nil>";
      case Boolean b -> "bool";
      case String s -> "string";
      case Int64 i -> "int64";
      case Integer i -> "int";
      case Long l -> "int";
      case Short s -> "int";
      case Byte b -> "int";
      case BigInteger b -> "int";
      case Double d -> "float64";
      case Float f -> "float64";
      case BigDecimal d -> "float64";
      case Slice s -> "[]" + s.elementType;
      case List<?> l -> "[]interface {}";
      case Map<?, ?> m -> "map[string]interface {}";
      case GoTime t -> "time.Time";
      case Semver s -> "*semver.Version";
      case GoTime.Month m -> "time.Month";
      case GoTime.Weekday w -> "time.Weekday";
      case Complex c -> "complex128";
      default -> v.getClass().getSimpleName();
    };
  }

  /** Go's reflect Kind name, as Sprig's kindOf gives it. */
  static String kindName(@Nullable Object v) {
    return switch (v) {
      case null -> "invalid";
      case Boolean b -> "bool";
      case String s -> "string";
      case Int64 i -> "int64";
      case Double d -> "float64";
      case Float f -> "float64";
      case BigDecimal d -> "float64";
      case List<?> l -> "slice";
      case Map<?, ?> m -> "map";
      case GoTime t -> "struct";
      case Semver s -> "ptr";
      default -> isInt(v) ? "int" : "struct";
    };
  }

  /** Go's template truth: the zero value and empty collections are false. */
  static boolean truth(@Nullable Object v) {
    return switch (v) {
      case null -> false;
      case Boolean b -> b;
      case String s -> !s.isEmpty();
      case Collection<?> c -> !c.isEmpty();
      case Map<?, ?> m -> !m.isEmpty();
      case Number n -> isInt(n) ? n.longValue() != 0 : n.doubleValue() != 0;
      default -> true;
    };
  }

  static long toLong(Number n) {
    return n instanceof BigInteger b ? b.longValue() : n.longValue();
  }

  /** Map keys in Go's fmtsort order (numbers numerically, strings lexically by bytes). */
  static List<Map.Entry<?, ?>> sortedEntries(Map<?, ?> m) {
    List<Map.Entry<?, ?>> entries = new ArrayList<>(m.entrySet());
    entries.sort(Comparator.comparing(e -> String.valueOf(e.getKey()), GoValues::compareStrings));
    return entries;
  }

  /** Go compares strings by their UTF-8 bytes, which for Java's UTF-16 is by code point. */
  static int compareStrings(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int x = a.codePointAt(i);
      int y = b.codePointAt(j);
      if (x != y) {
        return Integer.compare(x, y);
      }
      i += Character.charCount(x);
      j += Character.charCount(y);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  /** A value handed out of the engine: Go-only types become plain Java ones. */
  static @Nullable Object export(@Nullable Object v) {
    return switch (v) {
      case Int64 i -> i.value;
      case Slice s -> new ArrayList<>(s.stream().map(GoValues::export).toList());
      case List<?> l ->
          l.stream().map(GoValues::export).collect(Collectors.toCollection(ArrayList::new));
      case Map<?, ?> m -> {
        Map<String, @Nullable Object> out = new LinkedHashMap<>();
        m.forEach((k, x) -> out.put(String.valueOf(k), export(x)));
        yield out;
      }
      case GoTime t -> GoFmt.sprint(List.of(t));
      case Semver s -> s.toString();
      case null -> null;
      default -> v;
    };
  }
}
