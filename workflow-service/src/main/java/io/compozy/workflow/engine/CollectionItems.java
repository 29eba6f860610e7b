package io.compozy.workflow.engine;

import io.compozy.contracts.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A collection's rendered {@code items} as the list it iterates, read as Compozy reads it: a list
 * as it is; text holding a JSON array as that array; a map as its entries {@code {key, value}} in
 * key order; {@code "1..5"} and {@code "a..e"} as inclusive ranges (either direction); nothing as
 * no items; any other single value as a list of it. Bounded: at most {@link #MAX_ITEMS}.
 */
final class CollectionItems {
  static final int MAX_ITEMS = 100_000;

  private CollectionItems() {}

  /** Thrown when the items would be more than {@link #MAX_ITEMS}. */
  static final class TooMany extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooMany(long count) {
      super(
          "items give " + count + " elements; a collection takes at most " + MAX_ITEMS,
          null,
          false,
          false);
    }
  }

  static List<?> of(@Nullable Object value) {
    List<?> items =
        switch (value) {
          case null -> List.of();
          case List<?> list -> list;
          case Map<?, ?> map -> entries(map);
          case String text -> text(text);
          default -> List.of(value);
        };
    if (items.size() > MAX_ITEMS) {
      throw new TooMany(items.size());
    }
    return items;
  }

  private static List<Object> entries(Map<?, ?> map) {
    List<Object> out = new ArrayList<>();
    TreeMap<String, Object> sorted = new TreeMap<>();
    map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
    sorted.forEach(
        (k, v) -> {
          Map<String, Object> entry = new LinkedHashMap<>();
          entry.put("key", k);
          entry.put("value", v);
          out.add(entry);
        });
    return out;
  }

  private static List<?> text(String text) {
    String trimmed = text.strip();
    if (trimmed.startsWith("[")) {
      try {
        if (Json.plain(trimmed) instanceof List<?> list) {
          return list;
        }
      } catch (RuntimeException notJson) {
        // text that only looks like a JSON array is one item
      }
    }
    List<Object> range = range(trimmed);
    return range != null ? range : List.of(text);
  }

  private static @Nullable List<Object> range(String expr) {
    String[] parts = expr.split("\\.\\.", -1);
    if (parts.length != 2) {
      return null;
    }
    String start = parts[0].strip();
    String end = parts[1].strip();
    try {
      long a = Long.parseLong(start);
      long b = Long.parseLong(end);
      if (Math.abs(b - a) + 1 > MAX_ITEMS) {
        throw new TooMany(Math.abs(b - a) + 1);
      }
      List<Object> out = new ArrayList<>();
      long step = a <= b ? 1 : -1;
      for (long i = a; step > 0 ? i <= b : i >= b; i += step) {
        out.add(i);
      }
      return out;
    } catch (NumberFormatException notNumbers) {
      // maybe letters
    }
    if (start.codePointCount(0, start.length()) != 1 || end.codePointCount(0, end.length()) != 1) {
      return null;
    }
    int a = start.codePointAt(0);
    int b = end.codePointAt(0);
    if (!Character.isLetter(a)
        || !Character.isLetter(b)
        || Character.UnicodeScript.of(a) != Character.UnicodeScript.of(b)
        || Math.abs(b - a) + 1 > 10_000) {
      return null;
    }
    List<Object> out = new ArrayList<>();
    int step = a <= b ? 1 : -1;
    for (int c = a; step > 0 ? c <= b : c >= b; c += step) {
      out.add(new String(Character.toChars(c)));
    }
    return out;
  }
}
