package io.compozy.contracts.template;

import static io.compozy.contracts.template.GoFunction.Param.ANY;
import static io.compozy.contracts.template.GoFunction.Param.MAP;
import static io.compozy.contracts.template.GoFunction.Param.STRING;

import io.compozy.contracts.template.GoFunction.GoError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Sprig's dictionary functions. As in Go, {@code set}, {@code unset} and {@code merge} change the
 * dictionary they are given; dictionaries from the template's data are copies made for this
 * rendering, so a template never changes the platform's own state.
 */
final class SprigDicts {
  private SprigDicts() {}

  static void register(Functions.Table t) {
    t.variadic("dict", a -> dict(a.values()), ANY);
    t.fn(
        "get",
        a -> a.map(0) != null && a.map(0).containsKey(a.string(1)) ? a.map(0).get(a.string(1)) : "",
        MAP,
        STRING);
    t.fn(
        "set",
        a -> {
          Map<String, @Nullable Object> d = a.writes().owned(writable(a.map(0), "set"));
          d.put(a.string(1), a.get(2));
          return d;
        },
        MAP,
        STRING,
        ANY);
    t.fn(
        "unset",
        a -> {
          if (a.map(0) == null) {
            return null;
          }
          Map<String, @Nullable Object> d = a.writes().owned(a.map(0));
          d.remove(a.string(1));
          return d;
        },
        MAP,
        STRING);
    t.fn("hasKey", a -> a.map(0) != null && a.map(0).containsKey(a.string(1)), MAP, STRING);
    t.variadic(
        "pluck",
        a -> {
          List<@Nullable Object> out = new ArrayList<>();
          for (Object d : a.from(1)) {
            Map<?, ?> m = (Map<?, ?>) d;
            if (m != null && m.containsKey(a.string(0))) {
              out.add(m.get(a.string(0)));
            }
          }
          return out;
        },
        STRING,
        MAP);
    t.variadic(
        "keys",
        a -> {
          List<String> out = new ArrayList<>();
          for (Object d : a.values()) {
            if (d != null) {
              ((Map<?, ?>) d).keySet().forEach(k -> out.add(String.valueOf(k)));
            }
          }
          return GoValues.Slice.strings(out);
        },
        MAP);
    t.variadic(
        "pick",
        a -> {
          Map<String, @Nullable Object> res = new GoValues.Dict();
          Map<String, @Nullable Object> d = a.map(0);
          for (Object k : a.from(1)) {
            if (d != null && d.containsKey((String) k)) {
              res.put((String) k, d.get((String) k));
            }
          }
          return res;
        },
        MAP,
        STRING);
    t.variadic(
        "omit",
        a -> {
          Map<String, @Nullable Object> res = new GoValues.Dict();
          Map<String, @Nullable Object> d = a.map(0);
          if (d != null) {
            d.forEach(
                (k, v) -> {
                  if (!a.from(1).contains(k)) {
                    res.put(k, v);
                  }
                });
          }
          return res;
        },
        MAP,
        STRING);
    t.variadic("merge", a -> merge(a.writes(), a.map(0), a.from(1), false), MAP, MAP);
    t.alias("mustMerge", "merge");
    t.variadic("mergeOverwrite", a -> merge(a.writes(), a.map(0), a.from(1), true), MAP, MAP);
    t.alias("mustMergeOverwrite", "mergeOverwrite");
    t.fn(
        "values",
        a -> {
          List<@Nullable Object> out = new ArrayList<>();
          if (a.map(0) != null) {
            out.addAll(a.map(0).values());
          }
          return out;
        },
        MAP);
    t.fn("deepCopy", a -> deepCopy(a.get(0)), ANY);
    t.alias("mustDeepCopy", "deepCopy");
    t.variadic("dig", a -> dig(a.values()), ANY);
  }

  private static Map<String, @Nullable Object> writable(
      @Nullable Map<String, @Nullable Object> d, String fn) {
    if (d == null) {
      throw new GoError("assignment to entry in nil map");
    }
    return d;
  }

  private static Map<String, @Nullable Object> dict(List<@Nullable Object> v) {
    Map<String, @Nullable Object> d = new GoValues.Dict();
    for (int i = 0; i < v.size(); i += 2) {
      String key = Cast.strval(v.get(i));
      d.put(key, i + 1 >= v.size() ? "" : v.get(i + 1));
    }
    return d;
  }

  /**
   * mergo.Merge (only empty destination values are filled) or MergeWithOverwrite, recursively into
   * maps.
   */
  private static @Nullable Object merge(
      GoFunction.Writes writes,
      @Nullable Map<String, @Nullable Object> dst,
      List<@Nullable Object> srcs,
      boolean overwrite) {
    Map<String, @Nullable Object> d = dst == null ? new GoValues.Dict() : writes.owned(dst);
    for (Object src : srcs) {
      if (src != null) {
        @SuppressWarnings("unchecked")
        Map<String, @Nullable Object> s = (Map<String, @Nullable Object>) src;
        mergeInto(writes, d, s, overwrite, 0);
      }
    }
    return d;
  }

  @SuppressWarnings("unchecked")
  private static void mergeInto(
      GoFunction.Writes writes,
      Map<String, @Nullable Object> dst,
      Map<String, @Nullable Object> src,
      boolean overwrite,
      int depth) {
    if (depth > 100) {
      throw new GoError("maps nest deeper than 100 levels");
    }
    for (Map.Entry<String, @Nullable Object> e : src.entrySet()) {
      String k = e.getKey();
      Object sv = e.getValue();
      Object dv = dst.get(k);
      if (dv instanceof Map<?, ?> dm && sv instanceof Map<?, ?> sm) {
        GoValues.Dict nested = writes.owned(dm);
        dst.put(k, nested);
        mergeInto(writes, nested, (Map<String, @Nullable Object>) sm, overwrite, depth + 1);
      } else if (!dst.containsKey(k) || Cast.empty(dv)) {
        if (sv != null || !dst.containsKey(k)) {
          dst.put(k, sv);
        }
      } else if (overwrite) {
        // mergo tests the emptiness of the source map, not of the value: any value overwrites
        dst.put(k, sv);
      }
    }
  }

  static @Nullable Object deepCopy(@Nullable Object v) {
    return deepCopy(v, 0);
  }

  private static @Nullable Object deepCopy(@Nullable Object v, int depth) {
    if (depth > 200) {
      throw new GoError("deepCopy error: value nests deeper than 200 levels");
    }
    return switch (v) {
      case GoValues.Slice s -> new GoValues.Slice(s.elementType, s);
      case List<?> l -> {
        List<@Nullable Object> out = new ArrayList<>(l.size());
        for (Object x : l) {
          out.add(deepCopy(x, depth + 1));
        }
        yield out;
      }
      case Map<?, ?> m -> {
        Map<String, @Nullable Object> out = new GoValues.Dict();
        m.forEach((k, x) -> out.put(String.valueOf(k), deepCopy(x, depth + 1)));
        yield out;
      }
      case null -> null;
      default -> v;
    };
  }

  private static @Nullable Object dig(List<@Nullable Object> ps) {
    if (ps.size() < 3) {
      throw new GoError("dig needs at least three arguments");
    }
    Object last = ps.getLast();
    if (!(last instanceof Map<?, ?> dict)) {
      throw new GoError(
          "interface conversion: interface {} is "
              + GoValues.typeName(last)
              + ", not map[string]interface {}");
    }
    Object def = ps.get(ps.size() - 2);
    List<String> keys = new ArrayList<>();
    for (Object k : ps.subList(0, ps.size() - 2)) {
      if (!(k instanceof String s)) {
        throw new GoError(
            "interface conversion: interface {} is " + GoValues.typeName(k) + ", not string");
      }
      keys.add(s);
    }
    Map<?, ?> current = dict;
    for (int i = 0; i < keys.size(); i++) {
      if (!current.containsKey(keys.get(i))) {
        return def;
      }
      Object step = current.get(keys.get(i));
      if (i == keys.size() - 1) {
        return step;
      }
      if (!(step instanceof Map<?, ?> next)) {
        throw new GoError(
            "interface conversion: interface {} is "
                + GoValues.typeName(step)
                + ", not map[string]interface {}");
      }
      current = next;
    }
    return def;
  }
}
