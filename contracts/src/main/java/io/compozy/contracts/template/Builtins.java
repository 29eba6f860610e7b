package io.compozy.contracts.template;

import static io.compozy.contracts.template.GoFunction.Param.ANY;
import static io.compozy.contracts.template.GoFunction.Param.STRING;
import static io.compozy.contracts.template.GoFunction.Param.VALUE;

import io.compozy.contracts.template.GoFunction.GoError;
import io.compozy.contracts.template.GoValues.BasicKind;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Go's text/template built-in functions (Sprig's {@code slice} replaces Go's). */
final class Builtins {
  private Builtins() {}

  static void register(Functions.Table t) {
    // and/or short-circuit in the engine; these bodies are never called
    t.variadic("and", a -> a.get(a.size() - 1), VALUE, VALUE);
    t.variadic("or", a -> a.get(a.size() - 1), VALUE, VALUE);
    t.fn("not", a -> !GoValues.truth(plain(a.get(0))), VALUE);
    t.variadic(
        "call",
        a -> {
          Object fn = plain(a.get(0));
          throw new GoError(
              fn == null ? "call of nil" : "non-function of type " + GoValues.typeName(fn));
        },
        VALUE,
        VALUE);
    t.variadic("html", a -> htmlEscape(evalArgs(a.values())), ANY);
    t.variadic("js", a -> jsEscape(evalArgs(a.values())), ANY);
    t.variadic(
        "urlquery", a -> URLEncoder.encode(evalArgs(a.values()), StandardCharsets.UTF_8), ANY);
    t.variadic(
        "index",
        a -> index(plain(a.get(0)), a.from(1).stream().map(Builtins::plain).toList(), lenient(a)),
        VALUE,
        VALUE);
    t.fn("len", a -> (long) length(a.get(0)), VALUE);
    t.variadic("print", a -> GoFmt.sprint(a.values()), ANY);
    t.variadic("println", a -> GoFmt.sprintln(a.values()), ANY);
    t.variadic("printf", a -> GoFmt.sprintf(a.string(0), a.from(1)), STRING, ANY);
    t.variadic(
        "eq",
        a -> eq(plain(a.get(0)), a.from(1).stream().map(Builtins::plain).toList(), lenient(a)),
        VALUE,
        VALUE);
    t.fn("ne", a -> !eq(plain(a.get(0)), listOf(plain(a.get(1))), lenient(a)), VALUE, VALUE);
    t.fn("lt", a -> lt(plain(a.get(0)), plain(a.get(1)), lenient(a)), VALUE, VALUE);
    t.fn(
        "le",
        a ->
            lt(plain(a.get(0)), plain(a.get(1)), lenient(a))
                || eq(plain(a.get(0)), listOf(plain(a.get(1))), lenient(a)),
        VALUE,
        VALUE);
    t.fn(
        "gt",
        a ->
            !(lt(plain(a.get(0)), plain(a.get(1)), lenient(a))
                || eq(plain(a.get(0)), listOf(plain(a.get(1))), lenient(a))),
        VALUE,
        VALUE);
    t.fn("ge", a -> !lt(plain(a.get(0)), plain(a.get(1)), lenient(a)), VALUE, VALUE);
    // Compozy adds htmlEscape (html.EscapeString)
    t.fn("htmlEscape", a -> htmlEscapeString(a.string(0)), STRING);
  }

  /**
   * The platform compares an int with a float by value (DSL.md), where Go refuses: JSON numbers
   * arrive as either, depending on how they were written.
   */
  private static boolean lenient(GoFunction.Args a) {
    return a.dialect() == Template.Dialect.PLATFORM;
  }

  /** Go's indirectInterface: a nil held in an interface is no value. */
  private static @Nullable Object plain(@Nullable Object v) {
    return v == GoValues.NIL_INTERFACE ? null : v;
  }

  private static List<@Nullable Object> listOf(@Nullable Object v) {
    List<@Nullable Object> l = new ArrayList<>(1);
    l.add(v);
    return l;
  }

  private static boolean numeric(BasicKind k) {
    return k == BasicKind.INT || k == BasicKind.FLOAT;
  }

  /** Go's evalArgs for html/js/urlquery: one string as is, anything else printed with Sprint. */
  private static String evalArgs(List<@Nullable Object> args) {
    if (args.size() == 1 && args.getFirst() instanceof String s) {
      return s;
    }
    StringBuilder b = new StringBuilder();
    boolean prevString = false;
    for (int i = 0; i < args.size(); i++) {
      Object a = args.get(i);
      String printed = a == null ? "<no value>" : GoFmt.print(a);
      boolean isString = a == null || a instanceof String;
      if (i > 0 && !isString && !prevString) {
        b.append(' ');
      }
      b.append(printed);
      prevString = isString;
    }
    return b.toString();
  }

  /** text/template's HTMLEscapeString: Go's html.EscapeString, and NUL as U+FFFD. */
  static String htmlEscape(String s) {
    return escapeHtml(s, true);
  }

  /** Go's html.EscapeString (Compozy's htmlEscape). */
  static String htmlEscapeString(String s) {
    return escapeHtml(s, false);
  }

  private static String escapeHtml(String s, boolean nulToReplacement) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("&#34;");
        case '\'' -> b.append("&#39;");
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '\0' -> b.append(nulToReplacement ? '\uFFFD' : '\0');
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /** text/template's JSEscapeString. */
  static String jsEscape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints()
        .forEach(
            r -> {
              switch (r) {
                case '\\' -> b.append("\\\\");
                case '\'' -> b.append("\\'");
                case '"' -> b.append("\\\"");
                case '<' -> b.append("\\u003C");
                case '>' -> b.append("\\u003E");
                case '&' -> b.append("\\u0026");
                case '=' -> b.append("\\u003D");
                default -> {
                  if (r < ' ' || !GoQuote.isPrint(r) && r < 0x10000) {
                    b.append(String.format("\\u%04X", r));
                  } else {
                    b.appendCodePoint(r);
                  }
                }
              }
            });
    return b.toString();
  }

  static @Nullable Object index(
      @Nullable Object item, List<@Nullable Object> indexes, boolean lenient) {
    if (item == null) {
      throw new GoError("index of untyped nil");
    }
    Object v = item;
    for (Object index : indexes) {
      if (v == null && lenient) {
        // DSL.md: a task that has not run is null, and what is inside it is empty
        return null;
      }
      switch (v) {
        case null -> throw new GoError("index of nil pointer");
        case List<?> list -> v = list.get(indexArg(index, list.size()));
        case String s -> {
          byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
          v = (long) (bytes[indexArg(index, bytes.length)] & 0xff);
        }
        case Map<?, ?> map -> {
          if (index == null) {
            throw new GoError("value is nil; should be of type string");
          }
          if (!(index instanceof String)) {
            throw new GoError("value has type " + GoValues.typeName(index) + "; should be string");
          }
          v = map.get(index);
        }
        default -> throw new GoError("can't index item of type " + GoValues.typeName(v));
      }
    }
    return v;
  }

  private static int indexArg(@Nullable Object index, int cap) {
    if (index == null) {
      throw new GoError("cannot index slice/array with nil");
    }
    if (!GoValues.isInt(index)) {
      throw new GoError("cannot index slice/array with type " + GoValues.typeName(index));
    }
    long x = ((Number) index).longValue();
    if (x < 0 || x > cap) {
      throw new GoError("index out of range: " + x);
    }
    if (x == cap) {
      throw new GoError("reflect: slice index out of range");
    }
    return (int) x;
  }

  static int length(@Nullable Object item) {
    if (item == GoValues.NIL_INTERFACE) {
      throw new GoError("len of nil pointer");
    }
    return switch (item) {
      case null -> throw new GoError("reflect: call of reflect.Value.Type on zero Value");
      case String s -> s.getBytes(StandardCharsets.UTF_8).length;
      case List<?> l -> l.size();
      case Map<?, ?> m -> m.size();
      default -> throw new GoError("len of type " + GoValues.typeName(item));
    };
  }

  static boolean eq(@Nullable Object arg1, List<@Nullable Object> others, boolean lenient) {
    if (others.isEmpty()) {
      throw new GoError("missing argument for comparison");
    }
    BasicKind k1 = GoValues.basicKind(arg1);
    for (Object arg : others) {
      BasicKind k2 = GoValues.basicKind(arg);
      boolean truth;
      if (k1 != k2 && lenient && numeric(k1) && numeric(k2)) {
        truth = ((Number) arg1).doubleValue() == ((Number) arg).doubleValue();
      } else if (k1 != k2) {
        if (arg1 != null && arg != null) {
          throw new GoError("incompatible types for comparison");
        }
        truth = false;
      } else {
        truth =
            switch (k1) {
              case BOOL, STRING -> arg1.equals(arg);
              case INT -> ((Number) arg1).longValue() == ((Number) arg).longValue();
              case FLOAT -> ((Number) arg1).doubleValue() == ((Number) arg).doubleValue();
              default -> {
                if (arg == null || arg1 == null) {
                  yield arg1 == arg;
                }
                for (Object x : new Object[] {arg1, arg}) {
                  if (x instanceof List<?> || x instanceof Map<?, ?>) {
                    throw new GoError(
                        "non-comparable type " + GoFmt.print(x) + ": " + GoValues.typeName(x));
                  }
                }
                yield GoValues.typeName(arg1).equals(GoValues.typeName(arg)) && arg1.equals(arg);
              }
            };
      }
      if (truth) {
        return true;
      }
    }
    return false;
  }

  static boolean lt(@Nullable Object a, @Nullable Object b, boolean lenient) {
    BasicKind k1 = comparable(a);
    BasicKind k2 = comparable(b);
    if (k1 != k2 && lenient && numeric(k1) && numeric(k2)) {
      return ((Number) a).doubleValue() < ((Number) b).doubleValue();
    }
    if (k1 != k2) {
      throw new GoError("incompatible types for comparison");
    }
    return switch (k1) {
      case BOOL, COMPLEX -> throw new GoError("invalid type for comparison");
      case FLOAT -> ((Number) a).doubleValue() < ((Number) b).doubleValue();
      case INT -> ((Number) a).longValue() < ((Number) b).longValue();
      case STRING -> GoValues.compareStrings((String) a, (String) b) < 0;
      default -> throw new GoError("invalid type for comparison");
    };
  }

  private static BasicKind comparable(@Nullable Object v) {
    BasicKind k = GoValues.basicKind(v);
    if (k == BasicKind.INVALID || k == BasicKind.OTHER) {
      throw new GoError("invalid type for comparison");
    }
    return k;
  }
}
