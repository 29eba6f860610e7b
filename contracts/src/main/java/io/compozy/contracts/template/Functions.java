package io.compozy.contracts.template;

import io.compozy.contracts.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The functions templates may call: Go's built-ins and the Sprig functions people use. Arguments
 * arrive evaluated, the piped value last, as in Go.
 */
final class Functions {
  @FunctionalInterface
  interface Fn {
    @Nullable Object apply(List<@Nullable Object> args);
  }

  static final Map<String, Fn> ALL = new LinkedHashMap<>();

  /** Go's encoding/json writes map keys sorted; so does toJson. */
  private static final tools.jackson.databind.json.JsonMapper GO_JSON = tools.jackson.databind.json.JsonMapper.builder()
      .enable(tools.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .build();

  static {
    // Go built-ins
    ALL.put("and", a -> { for (Object v : atLeast(a, 1, "and")) { if (!Values.isTrue(v)) { return v; } } return a.getLast(); });
    ALL.put("or", a -> { for (Object v : atLeast(a, 1, "or")) { if (Values.isTrue(v)) { return v; } } return a.getLast(); });
    ALL.put("not", a -> !Values.isTrue(exactly(a, 1, "not").getFirst()));
    ALL.put("len", a -> length(exactly(a, 1, "len").getFirst()));
    ALL.put("index", Functions::index);
    ALL.put("print", a -> String.join("", a.stream().map(Values::print).toList()));
    ALL.put("println", a -> String.join(" ", a.stream().map(Values::print).toList()) + "\n");
    ALL.put("printf", a -> GoFormat.sprintf(string(atLeast(a, 1, "printf").getFirst(), "printf"), a.subList(1, a.size())));
    ALL.put("eq", Functions::eq);
    ALL.put("ne", a -> !Values.equal(exactly(a, 2, "ne").get(0), a.get(1)));
    ALL.put("lt", a -> Values.compare(exactly(a, 2, "lt").get(0), a.get(1), "lt") < 0);
    ALL.put("le", a -> Values.compare(exactly(a, 2, "le").get(0), a.get(1), "le") <= 0);
    ALL.put("gt", a -> Values.compare(exactly(a, 2, "gt").get(0), a.get(1), "gt") > 0);
    ALL.put("ge", a -> Values.compare(exactly(a, 2, "ge").get(0), a.get(1), "ge") >= 0);
    // Sprig: strings
    ALL.put("upper", a -> str(a, "upper").toUpperCase(Locale.ROOT));
    ALL.put("lower", a -> str(a, "lower").toLowerCase(Locale.ROOT));
    ALL.put("trim", a -> str(a, "trim").strip());
    ALL.put("trimPrefix", a -> { String s = Values.print(exactly(a, 2, "trimPrefix").get(1)); String p = Values.print(a.get(0)); return s.startsWith(p) ? s.substring(p.length()) : s; });
    ALL.put("trimSuffix", a -> { String s = Values.print(exactly(a, 2, "trimSuffix").get(1)); String p = Values.print(a.get(0)); return s.endsWith(p) ? s.substring(0, s.length() - p.length()) : s; });
    ALL.put("contains", a -> Values.print(exactly(a, 2, "contains").get(1)).contains(Values.print(a.get(0))));
    ALL.put("hasPrefix", a -> Values.print(exactly(a, 2, "hasPrefix").get(1)).startsWith(Values.print(a.get(0))));
    ALL.put("hasSuffix", a -> Values.print(exactly(a, 2, "hasSuffix").get(1)).endsWith(Values.print(a.get(0))));
    ALL.put("replace", a -> Values.print(exactly(a, 3, "replace").get(2)).replace(Values.print(a.get(0)), Values.print(a.get(1))));
    ALL.put("repeat", a -> Values.print(exactly(a, 2, "repeat").get(1)).repeat((int) integer(a.get(0), "repeat")));
    ALL.put("quote", a -> String.join(" ", a.stream().map(v -> "\"" + Values.print(v).replace("\\", "\\\\").replace("\"", "\\\"") + "\"").toList()));
    ALL.put("squote", a -> String.join(" ", a.stream().map(v -> "'" + Values.print(v) + "'").toList()));
    ALL.put("toString", a -> Values.print(exactly(a, 1, "toString").getFirst()));
    ALL.put("join", a -> String.join(Values.print(exactly(a, 2, "join").get(0)), list(a.get(1), "join").stream().map(Values::print).toList()));
    ALL.put("splitList", a -> List.of(Values.print(exactly(a, 2, "splitList").get(1)).split(Pattern.quote(Values.print(a.get(0))), -1)));
    ALL.put("regexMatch", a -> Pattern.compile(Values.print(exactly(a, 2, "regexMatch").get(0))).matcher(Values.print(a.get(1))).find());
    ALL.put("regexReplaceAll", a -> Pattern.compile(Values.print(exactly(a, 3, "regexReplaceAll").get(0))).matcher(Values.print(a.get(1))).replaceAll(Values.print(a.get(2)).replace("${", "$").replaceAll("\\$(\\d)", "\\$$1")));
    // Sprig: defaults and JSON
    ALL.put("default", a -> { exactly(a, 2, "default"); return Values.isEmpty(a.get(1)) ? a.get(0) : a.get(1); });
    ALL.put("empty", a -> Values.isEmpty(exactly(a, 1, "empty").getFirst()));
    ALL.put("coalesce", a -> a.stream().filter(Values::isTrue).findFirst().orElse(null));
    ALL.put("ternary", a -> Values.isTrue(exactly(a, 3, "ternary").get(2)) ? a.get(0) : a.get(1));
    ALL.put("toJson", a -> GO_JSON.writeValueAsString(exactly(a, 1, "toJson").getFirst()));
    ALL.put("fromJson", a -> Json.plain(str(a, "fromJson")));
    // Sprig: lists and dicts
    ALL.put("list", ArrayList::new);
    ALL.put("dict", Functions::dict);
    ALL.put("sortAlpha", a -> list(exactly(a, 1, "sortAlpha").getFirst(), "sortAlpha").stream().map(Values::print).sorted().toList());
    ALL.put("first", a -> { List<?> l = list(exactly(a, 1, "first").getFirst(), "first"); return l.isEmpty() ? null : l.getFirst(); });
    ALL.put("last", a -> { List<?> l = list(exactly(a, 1, "last").getFirst(), "last"); return l.isEmpty() ? null : l.getLast(); });
    ALL.put("hasKey", a -> map(exactly(a, 2, "hasKey").get(0), "hasKey").containsKey(Values.print(a.get(1))));
    ALL.put("keys", a -> map(exactly(a, 1, "keys").getFirst(), "keys").keySet().stream().map(String::valueOf).sorted().toList());
    // Sprig: math on integers
    ALL.put("add", a -> a.stream().mapToLong(v -> integer(v, "add")).sum());
    ALL.put("sub", a -> integer(exactly(a, 2, "sub").get(0), "sub") - integer(a.get(1), "sub"));
    ALL.put("mul", a -> a.stream().mapToLong(v -> integer(v, "mul")).reduce(1, (x, y) -> x * y));
    ALL.put("div", a -> { long d = integer(exactly(a, 2, "div").get(1), "div"); if (d == 0) { throw new TemplateException("error calling div: integer divide by zero"); } return integer(a.get(0), "div") / d; });
    ALL.put("mod", a -> { long d = integer(exactly(a, 2, "mod").get(1), "mod"); if (d == 0) { throw new TemplateException("error calling mod: integer divide by zero"); } return integer(a.get(0), "mod") % d; });
    ALL.put("int", a -> integer(exactly(a, 1, "int").getFirst(), "int"));
    ALL.put("float64", a -> number(exactly(a, 1, "float64").getFirst(), "float64"));
    // Sprig: encoding and ids
    ALL.put("b64enc", a -> Base64.getEncoder().encodeToString(str(a, "b64enc").getBytes(StandardCharsets.UTF_8)));
    ALL.put("b64dec", a -> new String(Base64.getDecoder().decode(str(a, "b64dec")), StandardCharsets.UTF_8));
    ALL.put("sha256sum", a -> sha256(str(a, "sha256sum")));
    ALL.put("uuidv4", a -> UUID.randomUUID().toString());
  }

  private Functions() {}

  private static List<@Nullable Object> exactly(List<@Nullable Object> args, int n, String fn) {
    if (args.size() != n) {
      throw new TemplateException("wrong number of args for " + fn + ": want " + n + " got " + args.size());
    }
    return args;
  }

  private static List<@Nullable Object> atLeast(List<@Nullable Object> args, int n, String fn) {
    if (args.size() < n) {
      throw new TemplateException("wrong number of args for " + fn + ": want at least " + n + " got " + args.size());
    }
    return args;
  }

  private static String str(List<@Nullable Object> args, String fn) {
    return Values.print(exactly(args, 1, fn).getFirst());
  }

  private static String string(@Nullable Object v, String fn) {
    if (v instanceof String s) {
      return s;
    }
    throw new TemplateException("error calling " + fn + ": expected a string, got " + Values.kind(v));
  }

  private static long integer(@Nullable Object v, String fn) {
    return switch (v) {
      case Number n -> n.longValue();
      case String s when s.matches("-?\\d+") -> Long.parseLong(s);
      case null -> 0;
      default -> throw new TemplateException("error calling " + fn + ": expected a number, got " + Values.kind(v));
    };
  }

  private static double number(@Nullable Object v, String fn) {
    return switch (v) {
      case Number n -> n.doubleValue();
      case String s -> {
        try {
          yield Double.parseDouble(s);
        } catch (NumberFormatException e) {
          throw new TemplateException("error calling " + fn + ": " + s + " is not a number");
        }
      }
      case null -> 0;
      default -> throw new TemplateException("error calling " + fn + ": expected a number, got " + Values.kind(v));
    };
  }

  private static List<?> list(@Nullable Object v, String fn) {
    if (v instanceof List<?> l) {
      return l;
    }
    if (v instanceof Collection<?> c) {
      return List.copyOf(c);
    }
    throw new TemplateException("error calling " + fn + ": expected a list, got " + Values.kind(v));
  }

  private static Map<?, ?> map(@Nullable Object v, String fn) {
    if (v instanceof Map<?, ?> m) {
      return m;
    }
    throw new TemplateException("error calling " + fn + ": expected a map, got " + Values.kind(v));
  }

  private static long length(@Nullable Object v) {
    return switch (v) {
      case String s -> s.getBytes(StandardCharsets.UTF_8).length;
      case Collection<?> c -> c.size();
      case Map<?, ?> m -> m.size();
      default -> throw new TemplateException("error calling len: len of type " + Values.kind(v));
    };
  }

  private static @Nullable Object index(List<@Nullable Object> args) {
    Object v = atLeast(args, 1, "index").getFirst();
    for (Object key : args.subList(1, args.size())) {
      v = switch (v) {
        case Map<?, ?> m -> m.get(Values.print(key));
        case List<?> l -> {
          long i = integer(key, "index");
          if (i < 0 || i >= l.size()) {
            throw new TemplateException("error calling index: index out of range: " + i);
          }
          yield l.get((int) i);
        }
        case null -> throw new TemplateException("error calling index: index of untyped nil");
        default -> throw new TemplateException("error calling index: can't index item of type " + Values.kind(v));
      };
    }
    return v;
  }

  private static boolean eq(List<@Nullable Object> args) {
    Object first = atLeast(args, 2, "eq").getFirst();
    for (Object other : args.subList(1, args.size())) {
      if (Values.equal(first, other)) {
        return true;
      }
    }
    return false;
  }

  private static Map<String, @Nullable Object> dict(List<@Nullable Object> args) {
    Map<String, @Nullable Object> out = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i += 2) {
      out.put(Values.print(args.get(i)), i + 1 < args.size() ? args.get(i + 1) : "");
    }
    return out;
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
