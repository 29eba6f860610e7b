package io.compozy.contracts.dsl;

import io.compozy.contracts.schema.Violation;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Go-style durations of the language: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h30m}. */
public final class Durations {
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

  private Durations() {}

  /** Adds a problem at {@code at} when {@code text} is given and is not a duration. */
  public static void check(@Nullable String text, String at, List<Violation> problems) {
    if (text == null) {
      return;
    }
    try {
      parse(text);
    } catch (IllegalArgumentException e) {
      problems.add(new Violation(at, e.getMessage()));
    }
  }

  /** The timeouts of a {@code config:} block, each a duration. */
  static void check(@Nullable TaskConfig config, String at, List<Violation> problems) {
    if (config == null) {
      return;
    }
    check(config.startToCloseTimeout(), at + "/start_to_close_timeout", problems);
    check(config.scheduleToStartTimeout(), at + "/schedule_to_start_timeout", problems);
    check(config.scheduleToCloseTimeout(), at + "/schedule_to_close_timeout", problems);
    check(config.heartbeatTimeout(), at + "/heartbeat_timeout", problems);
  }

  public static Duration parse(String text) {
    String s = text.strip();
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = PART.matcher(s);
    int at = 0;
    double nanos = 0;
    while (m.find()) {
      if (m.start() != at) {
        break;
      }
      double v = Double.parseDouble(m.group(1));
      nanos +=
          v
              * switch (m.group(2)) {
                case "ns" -> 1;
                case "us", "µs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
              };
      at = m.end();
    }
    if (at != s.length() || s.isEmpty()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration (use e.g. 500ms, 30s, 5m, 1h30m)");
    }
    return Duration.ofNanos((long) nanos);
  }
}
