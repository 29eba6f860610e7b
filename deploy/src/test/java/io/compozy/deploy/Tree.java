package io.compozy.deploy;

import java.util.List;
import java.util.Map;

/**
 * Walks parsed YAML or JSON (maps, lists, scalars) by dotted paths; a missing step is an assertion
 * failure.
 */
final class Tree {
  private Tree() {}

  static Object at(Object node, String path) {
    Object current = node;
    for (String step : path.split("\\.")) {
      if (current instanceof Map<?, ?> map && map.containsKey(step)) {
        current = map.get(step);
      } else if (current instanceof List<?> list
          && step.matches("\\d+")
          && Integer.parseInt(step) < list.size()) {
        current = list.get(Integer.parseInt(step));
      } else {
        throw new AssertionError("no '" + step + "' in " + path + " of " + describe(node));
      }
    }
    return current;
  }

  static boolean has(Object node, String path) {
    try {
      at(node, path);
      return true;
    } catch (AssertionError e) {
      return false;
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object node, String path) {
    return (Map<String, Object>) at(node, path);
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object node, String path) {
    return (List<Object>) at(node, path);
  }

  static String string(Object node, String path) {
    return String.valueOf(at(node, path));
  }

  private static String describe(Object node) {
    String text = String.valueOf(node);
    return text.length() > 300 ? text.substring(0, 300) + "…" : text;
  }
}
