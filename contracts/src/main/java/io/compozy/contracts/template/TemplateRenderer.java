package io.compozy.contracts.template;

import io.compozy.contracts.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Renders the templated values of the project language (DSL.md, Templates): every string in a
 * value tree that holds {@code {{ }}} is a template. A string that is exactly one action yields the
 * raw value; rendered text starting with {@code {} or {@code [} is read as JSON when it parses.
 * Parsed templates are cached by source.
 */
public final class TemplateRenderer {
  private static final int CACHE_LIMIT = 10_000;
  private final Map<String, Template> cache = new ConcurrentHashMap<>();

  public Template compile(String source) {
    Template t = cache.get(source);
    if (t == null) {
      t = Template.parse(source);
      if (cache.size() < CACHE_LIMIT) {
        cache.put(source, t);
      }
    }
    return t;
  }

  /** Renders every template inside {@code value} (maps, lists, strings), leaving other values. */
  public @Nullable Object render(@Nullable Object value, Map<String, ?> data) {
    return switch (value) {
      case String s -> renderString(s, data);
      case Map<?, ?> m -> {
        Map<String, @Nullable Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), render(v, data)));
        yield out;
      }
      case List<?> l -> {
        List<@Nullable Object> out = new ArrayList<>(l.size());
        l.forEach(v -> out.add(render(v, data)));
        yield out;
      }
      case null -> null;
      default -> value;
    };
  }

  private @Nullable Object renderString(String s, Map<String, ?> data) {
    if (!s.contains("{{")) {
      return s;
    }
    Template t = compile(s);
    if (t.isSingleAction()) {
      Object value = t.evaluate(data);
      // a function's text result ({{ toJson .x }}) follows the rule for rendered text
      return value instanceof String text ? jsonOrText(text) : value;
    }
    return jsonOrText(t.render(data));
  }

  private static Object jsonOrText(String text) {
    String trimmed = text.strip();
    if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
      try {
        return Json.plain(trimmed);
      } catch (RuntimeException notJson) {
        return text; // text that only looks like JSON stays text
      }
    }
    return text;
  }
}
