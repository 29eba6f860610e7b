package io.compozy.cli.watch;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The text/event-stream format, a line at a time: {@code field: value} lines build an event, a
 * blank line ends it, {@code :} lines are comments (the server's pings). Bounded: an event's data
 * past {@link #MAX_DATA} characters is refused rather than buffered without end.
 */
public final class SseParser {
  static final int MAX_DATA = 4 * 1024 * 1024;
  private @Nullable String id;
  private String event = "message";
  private final StringBuilder data = new StringBuilder();
  private boolean any;

  /** Feeds one line (without its end of line); the event it completes, if it does. */
  public Optional<SseEvent> line(String line) {
    if (line.isEmpty()) {
      if (!any) {
        return Optional.empty();
      }
      SseEvent done = new SseEvent(id, event, data.toString());
      id = null;
      event = "message";
      data.setLength(0);
      any = false;
      return Optional.of(done);
    }
    if (line.startsWith(":")) {
      return Optional.empty();
    }
    int colon = line.indexOf(':');
    String field = colon < 0 ? line : line.substring(0, colon);
    String value = colon < 0 ? "" : line.substring(colon + 1);
    if (value.startsWith(" ")) {
      value = value.substring(1);
    }
    switch (field) {
      case "id" -> id = value;
      case "event" -> event = value;
      case "data" -> {
        if (data.length() + value.length() > MAX_DATA) {
          throw new IllegalStateException(
              "an event of the stream is larger than " + MAX_DATA + " characters");
        }
        if (any && !data.isEmpty()) {
          data.append('\n');
        }
        data.append(value);
      }
      default -> {
        return Optional.empty(); // retry and unknown fields: nothing to keep
      }
    }
    any = true;
    return Optional.empty();
  }
}
