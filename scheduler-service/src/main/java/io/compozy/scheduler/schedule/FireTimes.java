package io.compozy.scheduler.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.compozy.contracts.dsl.Durations;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * When a schedule fires, with no I/O. The expression is cron with 5 fields (minute to weekday), 6
 * (seconds first, as Spring writes it) or 7 (seconds first, year last, as Quartz writes it), or
 * {@code @every <duration>} (fixed interval, counted from {@code start_at}, else from the epoch, so
 * every replica computes the same instants). Times are computed in the schedule's {@code timezone};
 * across a DST change cron-utils' rules apply: a time that does not exist that day (the
 * spring-forward gap) is skipped, a time that happens twice (fall back) fires once, at the first.
 */
public final class FireTimes {
  private static final CronParser UNIX =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
  private static final CronParser SPRING =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.SPRING53));
  private static final CronParser QUARTZ =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));

  private final @Nullable ExecutionTime cron;
  private final @Nullable Duration every;
  private final ZoneId zone;
  private final @Nullable Instant startAt;
  private final @Nullable Instant endAt;

  private FireTimes(
      @Nullable ExecutionTime cron,
      @Nullable Duration every,
      ZoneId zone,
      @Nullable Instant startAt,
      @Nullable Instant endAt) {
    this.cron = cron;
    this.every = every;
    this.zone = zone;
    this.startAt = startAt;
    this.endAt = endAt;
  }

  /** Parses a schedule; an invalid part throws {@link IllegalArgumentException} naming it. */
  public static FireTimes of(
      String expression,
      @Nullable String timezone,
      @Nullable String startAt,
      @Nullable String endAt) {
    ZoneId zone;
    try {
      zone = timezone == null || timezone.isBlank() ? ZoneId.of("UTC") : ZoneId.of(timezone);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          "timezone: '" + timezone + "' is not a time zone (e.g. Europe/Lisbon, UTC)");
    }
    Instant start = instant(startAt, "start_at");
    Instant end = instant(endAt, "end_at");
    String expr = expression.trim();
    if (expr.startsWith("@every")) {
      Duration d;
      try {
        d = Durations.parse(expr.substring("@every".length()).trim());
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "cron: '" + expr + "' needs a duration after @every (e.g. @every 30s)");
      }
      if (d.isZero() || d.isNegative()) {
        throw new IllegalArgumentException("cron: the interval of '" + expr + "' must be positive");
      }
      return new FireTimes(null, d, zone, start, end);
    }
    return new FireTimes(ExecutionTime.forCron(parse(expr)), null, zone, start, end);
  }

  private static Cron parse(String expr) {
    int fields = expr.split("\\s+").length;
    CronParser parser =
        switch (fields) {
          case 5 -> UNIX;
          case 6 -> SPRING;
          case 7 -> QUARTZ;
          default ->
              throw new IllegalArgumentException(
                  "cron: '"
                      + expr
                      + "' has "
                      + fields
                      + " fields; use 5, 6 (seconds first) or 7 (with year), or @every <duration>");
        };
    try {
      return parser.parse(expr).validate();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("cron: '" + expr + "' is not valid: " + e.getMessage());
    }
  }

  private static @Nullable Instant instant(@Nullable String text, String field) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          field + ": '" + text + "' is not an RFC 3339 time (e.g. 2026-01-01T00:00:00Z)");
    }
  }

  /**
   * The first fire time strictly after {@code after}, within start_at and end_at; empty when none
   * is left.
   */
  public Optional<Instant> next(Instant after) {
    Instant from = startAt != null && after.isBefore(startAt) ? startAt.minusNanos(1) : after;
    Instant next;
    if (every != null) {
      Instant anchor = startAt != null ? startAt : Instant.EPOCH;
      long n = Math.floorDiv(Duration.between(anchor, from).toNanos(), every.toNanos()) + 1;
      next = anchor.plus(every.multipliedBy(Math.max(0, n)));
      if (!next.isAfter(from)) {
        next = next.plus(every);
      }
    } else {
      Optional<ZonedDateTime> z = cron.nextExecution(ZonedDateTime.ofInstant(from, zone));
      if (z.isEmpty()) {
        return Optional.empty();
      }
      next = z.get().toInstant();
    }
    return endAt != null && next.isAfter(endAt) ? Optional.empty() : Optional.of(next);
  }

  /**
   * The fire times in {@code (after, until]}, at most {@code limit} (the newest ones when more).
   */
  public List<Instant> between(Instant after, Instant until, int limit) {
    List<Instant> out = new ArrayList<>();
    Instant t = after;
    while (true) {
      Optional<Instant> n = next(t);
      if (n.isEmpty() || n.get().isAfter(until)) {
        return out;
      }
      out.add(n.get());
      if (out.size() > limit) {
        out.removeFirst();
      }
      t = n.get();
    }
  }

  /**
   * The delay added to a fire time: a stable fraction of {@code jitter} derived from the schedule
   * and the time, so every replica (and a retry) computes the same instant.
   */
  public static Duration jitter(@Nullable String jitter, String workflowId, Instant scheduled) {
    if (jitter == null || jitter.isBlank()) {
      return Duration.ZERO;
    }
    Duration max = Durations.parse(jitter);
    if (max.isZero() || max.isNegative()) {
      return Duration.ZERO;
    }
    long seed = (workflowId + "@" + scheduled).hashCode() & 0x7fffffffL;
    return Duration.ofMillis(seed % Math.max(1, max.toMillis()));
  }
}
