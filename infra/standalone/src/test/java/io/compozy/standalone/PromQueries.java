package io.compozy.standalone;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a PromQL expression reads: each metric name and the labels it selects or groups by (those
 * Prometheus adds at scrape time, {@code job} and {@code instance}, left out). Enough of PromQL for
 * the rules and dashboards of deploy/observability: selectors, functions, aggregations with {@code
 * by}.
 */
final class PromQueries {
  private static final Set<String> KEYWORDS =
      Set.of(
          "by",
          "without",
          "and",
          "or",
          "unless",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "bool",
          "offset",
          "inf",
          "nan");
  private static final Set<String> SCRAPE_LABELS = Set.of("job", "instance");

  /** Series Prometheus makes itself for every target. */
  private static final Set<String> SCRAPE_SERIES =
      Set.of("up", "scrape_duration_seconds", "scrape_samples_scraped");

  private static final Pattern GROUPING = Pattern.compile("\\b(?:by|without)\\s*\\(([^)]*)\\)");
  private static final Pattern SELECTOR =
      Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*(\\{[^}]*})?");
  private static final Pattern MATCHER =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(?:=~|!~|!=|=)");

  private PromQueries() {}

  /** Metric name → the labels the expression needs on it. */
  static Map<String, Set<String>> metrics(String expr) {
    String text = expr.replaceAll("\\[[^\\]]*]", " ");
    Set<String> grouped = new LinkedHashSet<>();
    Matcher g = GROUPING.matcher(text);
    while (g.find()) {
      for (String label : g.group(1).split(",")) {
        if (!label.isBlank()) {
          grouped.add(label.strip());
        }
      }
    }
    text = GROUPING.matcher(text).replaceAll(" ");
    Map<String, Set<String>> out = new LinkedHashMap<>();
    Matcher m = SELECTOR.matcher(text);
    while (m.find()) {
      String name = m.group(1);
      int after = m.end();
      boolean call =
          after < text.length() && text.charAt(after) == '('
              || text.substring(after).stripLeading().startsWith("(") && m.group(2) == null;
      if (call
          || KEYWORDS.contains(name.toLowerCase(Locale.ROOT))
          || SCRAPE_SERIES.contains(name)
          || inString(text, m.start())) {
        continue;
      }
      Set<String> labels = new LinkedHashSet<>(grouped);
      if (m.group(2) != null) {
        Matcher l = MATCHER.matcher(m.group(2).replaceAll("\"[^\"]*\"", "\"\""));
        while (l.find()) {
          labels.add(l.group(1));
        }
      }
      labels.removeAll(SCRAPE_LABELS);
      labels.remove("le"); // a histogram's buckets; checked as the _bucket series
      labels.remove("quantile");
      out.computeIfAbsent(name, k -> new LinkedHashSet<>()).addAll(labels);
    }
    return out;
  }

  private static boolean inString(String text, int at) {
    int quotes = 0;
    for (int i = 0; i < at; i++) {
      if (text.charAt(i) == '"') {
        quotes++;
      }
    }
    return quotes % 2 == 1;
  }

  /**
   * The names of the metrics a Prometheus text exposition has samples of, each with the label names
   * its samples carry.
   */
  static Map<String, Set<String>> exposed(String exposition) {
    Map<String, Set<String>> out = new LinkedHashMap<>();
    for (String line : exposition.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int brace = line.indexOf('{');
      int space = line.indexOf(' ');
      String name =
          brace > 0 && brace < space
              ? line.substring(0, brace)
              : line.substring(0, Math.max(space, 0));
      Set<String> labels = out.computeIfAbsent(name, k -> new LinkedHashSet<>());
      if (brace > 0 && brace < space) {
        Matcher l =
            Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"")
                .matcher(line.substring(brace, line.lastIndexOf('}') + 1));
        while (l.find()) {
          labels.add(l.group(1));
        }
      }
    }
    return out;
  }

  /**
   * What {@code exprs} need that {@code exposition} lacks: one line per missing metric or label.
   */
  static List<String> missing(List<String> exprs, String exposition) {
    Map<String, Set<String>> have = exposed(exposition);
    List<String> missing = new ArrayList<>();
    for (String expr : exprs) {
      metrics(expr)
          .forEach(
              (name, labels) -> {
                Set<String> got = have.get(name);
                if (got == null) {
                  missing.add(name + " (in " + expr + ")");
                } else if (!got.containsAll(labels)) {
                  Set<String> lacking = new LinkedHashSet<>(labels);
                  lacking.removeAll(got);
                  missing.add(name + " without label(s) " + lacking + " (in " + expr + ")");
                }
              });
    }
    return missing;
  }
}
