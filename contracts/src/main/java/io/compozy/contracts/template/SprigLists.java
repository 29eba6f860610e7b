package io.compozy.contracts.template;

import static io.compozy.contracts.template.GoFunction.Param.ANY;
import static io.compozy.contracts.template.GoFunction.Param.INT;

import io.compozy.contracts.template.GoFunction.GoError;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Sprig's list functions. The plain ones panic where Go's do; the must* ones return the error. */
final class SprigLists {
  private SprigLists() {}

  static void register(Functions.Table t) {
    t.variadic("list", a -> new ArrayList<>(a.values()), ANY);
    t.alias("tuple", "list");
    t.fn("append", a -> push(a.get(0), a.get(1)), ANY, ANY);
    t.alias("push", "append");
    t.alias("mustAppend", "append");
    t.alias("mustPush", "append");
    t.fn("prepend", a -> prepend(a.get(0), a.get(1)), ANY, ANY);
    t.alias("mustPrepend", "prepend");
    t.fn("first", a -> first(a.get(0), "first"), ANY);
    t.alias("mustFirst", "first");
    t.fn("last", a -> last(a.get(0)), ANY);
    t.alias("mustLast", "last");
    t.fn("rest", a -> rest(a.get(0)), ANY);
    t.alias("mustRest", "rest");
    t.fn("initial", a -> initial(a.get(0)), ANY);
    t.alias("mustInitial", "initial");
    t.fn("reverse", a -> reverse(a.get(0)), ANY);
    t.alias("mustReverse", "reverse");
    t.fn("uniq", a -> uniq(a.get(0)), ANY);
    t.alias("mustUniq", "uniq");
    t.variadic("without", a -> without(a.get(0), a.from(1)), ANY, ANY);
    t.alias("mustWithout", "without");
    t.fn("has", a -> has(a.get(0), a.get(1)), ANY, ANY);
    t.alias("mustHas", "has");
    t.fn("compact", a -> compact(a.get(0)), ANY);
    t.alias("mustCompact", "compact");
    t.variadic("slice", a -> slice(a.get(0), a.from(1)), ANY, ANY);
    t.alias("mustSlice", "slice");
    t.variadic("concat", a -> concat(a.values()), ANY);
    t.fn("chunk", a -> chunk(a.integer(0), a.get(1)), INT, ANY);
    t.alias("mustChunk", "chunk");
    t.fn("until", a -> until(a.integer(0)), INT);
    t.fn("untilStep", a -> untilStep(a.integer(0), a.integer(1), a.integer(2)), INT, INT, INT);
    t.variadic("seq", a -> seq(a.values()), INT);
  }

  private static List<?> list(@Nullable Object v, String message) {
    String kind = Cast.kindOrPanic(v);
    if (v instanceof List<?> l) {
      return l;
    }
    throw new GoError(message + " " + kind);
  }

  private static List<@Nullable Object> push(@Nullable Object l, @Nullable Object v) {
    List<@Nullable Object> out = new ArrayList<>(list(l, "Cannot push on type"));
    out.add(v);
    return out;
  }

  private static List<@Nullable Object> prepend(@Nullable Object l, @Nullable Object v) {
    List<@Nullable Object> out = new ArrayList<>();
    out.add(v);
    out.addAll(list(l, "Cannot prepend on type"));
    return out;
  }

  private static @Nullable Object first(@Nullable Object l, String name) {
    List<?> list = list(l, "Cannot find first on type");
    return list.isEmpty() ? null : list.getFirst();
  }

  private static @Nullable Object last(@Nullable Object l) {
    List<?> list = list(l, "Cannot find last on type");
    return list.isEmpty() ? null : list.getLast();
  }

  private static @Nullable List<@Nullable Object> rest(@Nullable Object l) {
    List<?> list = list(l, "Cannot find rest on type");
    return list.isEmpty() ? new ArrayList<>() : new ArrayList<>(list.subList(1, list.size()));
  }

  private static @Nullable List<@Nullable Object> initial(@Nullable Object l) {
    List<?> list = list(l, "Cannot find initial on type");
    return list.isEmpty() ? new ArrayList<>() : new ArrayList<>(list.subList(0, list.size() - 1));
  }

  private static List<@Nullable Object> reverse(@Nullable Object l) {
    List<@Nullable Object> out = new ArrayList<>(list(l, "Cannot find reverse on type"));
    Collections.reverse(out);
    return out;
  }

  private static List<@Nullable Object> uniq(@Nullable Object l) {
    List<@Nullable Object> out = new ArrayList<>();
    for (Object x : list(l, "Cannot find uniq on type")) {
      if (!contains(out, x)) {
        out.add(x);
      }
    }
    return out;
  }

  private static boolean contains(List<?> haystack, @Nullable Object needle) {
    for (Object h : haystack) {
      if (Cast.deepEqual(needle, h)) {
        return true;
      }
    }
    return false;
  }

  private static List<@Nullable Object> without(@Nullable Object l, List<@Nullable Object> omit) {
    List<@Nullable Object> out = new ArrayList<>();
    for (Object x : list(l, "Cannot find without on type")) {
      if (!contains(omit, x)) {
        out.add(x);
      }
    }
    return out;
  }

  private static boolean has(@Nullable Object needle, @Nullable Object haystack) {
    if (haystack == null) {
      return false;
    }
    return contains(list(haystack, "Cannot find has on type"), needle);
  }

  private static List<@Nullable Object> compact(@Nullable Object l) {
    List<@Nullable Object> out = new ArrayList<>();
    for (Object x : list(l, "Cannot compact on type")) {
      if (!Cast.empty(x)) {
        out.add(x);
      }
    }
    return out;
  }

  private static @Nullable Object slice(@Nullable Object l, List<@Nullable Object> indices) {
    String kind = Cast.kindOrPanic(l);
    if (!(l instanceof List<?> list)) {
      throw new GoError("list should be type of slice or array but " + kind);
    }
    if (list.isEmpty()) {
      return null;
    }
    long start = indices.isEmpty() ? 0 : Cast.toInt64(indices.get(0));
    long end = indices.size() < 2 ? list.size() : Cast.toInt64(indices.get(1));
    if (start < 0 || end < start || end > list.size()) {
      if (end > list.size()) {
        throw new GoError("reflect.Value.Slice: slice index out of bounds");
      }
      throw new GoError("reflect.Value.Slice: slice index out of bounds");
    }
    List<?> sub = list.subList((int) start, (int) end);
    return l instanceof GoValues.Slice s
        ? new GoValues.Slice(s.elementType, sub)
        : new ArrayList<>(sub);
  }

  private static @Nullable List<@Nullable Object> concat(List<@Nullable Object> lists) {
    List<@Nullable Object> out = new ArrayList<>();
    for (Object l : lists) {
      String kind = Cast.kindOrPanic(l);
      if (!(l instanceof List<?> list)) {
        throw new GoError("Cannot concat type " + kind + " as list");
      }
      out.addAll(list);
    }
    return out;
  }

  private static List<List<@Nullable Object>> chunk(long size, @Nullable Object l) {
    List<?> list = list(l, "Cannot chunk type");
    if (size <= 0) {
      throw new GoError("runtime error: makeslice: len out of range");
    }
    List<List<@Nullable Object>> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i += (int) size) {
      out.add(new ArrayList<>(list.subList(i, (int) Math.min(list.size(), i + size))));
    }
    return out;
  }

  static GoValues.Slice until(long count) {
    return untilStep(0, count, count < 0 ? -1 : 1);
  }

  static GoValues.Slice untilStep(long start, long stop, long step) {
    List<Long> v = new ArrayList<>();
    if (stop < start) {
      if (step >= 0) {
        return GoValues.Slice.ints(v);
      }
      for (long i = start; i > stop; i += step) {
        add(v, i);
      }
      return GoValues.Slice.ints(v);
    }
    if (step <= 0) {
      return GoValues.Slice.ints(v);
    }
    for (long i = start; i < stop; i += step) {
      add(v, i);
    }
    return GoValues.Slice.ints(v);
  }

  /** A list built from numbers the template chose: bounded, as every walk over user input is. */
  private static void add(List<Long> v, long i) {
    if (v.size() >= 1_000_000) {
      throw new GoError(
          "lists built by until, untilStep and seq hold at most 1000000 numbers here");
    }
    v.add(i);
  }

  private static String seq(List<@Nullable Object> params) {
    long inc = 1;
    GoValues.Slice s;
    switch (params.size()) {
      case 0 -> {
        return "";
      }
      case 1 -> {
        long start = 1;
        long end = ((Number) params.get(0)).longValue();
        if (end < start) {
          inc = -1;
        }
        s = untilStep(start, end + inc, inc);
      }
      case 2 -> {
        long start = ((Number) params.get(0)).longValue();
        long end = ((Number) params.get(1)).longValue();
        long step = end < start ? -1 : 1;
        s = untilStep(start, end + step, step);
      }
      case 3 -> {
        long start = ((Number) params.get(0)).longValue();
        long step = ((Number) params.get(1)).longValue();
        long end = ((Number) params.get(2)).longValue();
        if (end < start) {
          inc = -1;
          if (step > 0) {
            return "";
          }
        }
        s = untilStep(start, end + inc, step);
      }
      default -> {
        return "";
      }
    }
    StringBuilder b = new StringBuilder();
    for (Object x : s) {
      if (!b.isEmpty()) {
        b.append(' ');
      }
      b.append(x);
    }
    return b.toString();
  }
}
