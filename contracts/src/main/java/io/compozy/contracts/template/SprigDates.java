package io.compozy.contracts.template;

import static io.compozy.contracts.template.GoFunction.Param.ANY;
import static io.compozy.contracts.template.GoFunction.Param.STRING;
import static io.compozy.contracts.template.GoFunction.Param.TIME;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.jspecify.annotations.Nullable;

/** Sprig's dates and durations, with Go's layouts; "Local" is UTC here (GoTime.LOCAL). */
final class SprigDates {
  private SprigDates() {}

  static void register(Functions.Table t) {
    t.fn("now", a -> GoTime.now());
    t.fn("date", a -> dateInZone(a.string(0), a.get(1), "Local"), STRING, ANY);
    t.fn("dateInZone", a -> dateInZone(a.string(0), a.get(1), a.string(2)), STRING, ANY, STRING);
    t.alias("date_in_zone", "dateInZone");
    t.fn("htmlDate", a -> dateInZone("2006-01-02", a.get(0), "Local"), ANY);
    t.fn("htmlDateInZone", a -> dateInZone("2006-01-02", a.get(0), a.string(1)), ANY, STRING);
    t.fn(
        "dateModify",
        a -> {
          try {
            return add((GoTime) a.get(1), GoTime.parseDuration(a.string(0)));
          } catch (TemplateException bad) {
            return a.get(1);
          }
        },
        STRING,
        TIME);
    t.alias("date_modify", "dateModify");
    t.fn(
        "mustDateModify",
        a -> add((GoTime) a.get(1), GoTime.parseDuration(a.string(0))),
        STRING,
        TIME);
    t.alias("must_date_modify", "mustDateModify");
    t.fn(
        "toDate",
        a -> {
          try {
            return GoTime.parse(a.string(0), a.string(1), GoTime.LOCAL);
          } catch (TemplateException bad) {
            return GoTime.ZERO;
          }
        },
        STRING,
        STRING);
    t.fn("mustToDate", a -> GoTime.parse(a.string(0), a.string(1), GoTime.LOCAL), STRING, STRING);
    t.fn("unixEpoch", a -> Long.toString(((GoTime) a.get(0)).unixSeconds()), TIME);
    t.fn("ago", a -> ago(a.get(0)), ANY);
    t.fn("duration", a -> duration(a.get(0)), ANY);
    t.fn("durationRound", a -> durationRound(a.get(0)), ANY);
  }

  private static GoTime add(GoTime t, long nanos) {
    return new GoTime(t.time.plusNanos(nanos));
  }

  private static GoTime asTime(@Nullable Object date) {
    return switch (date) {
      case GoTime t -> t;
      case GoValues.Int64 i -> GoTime.unix(i.value);
      case Long l -> GoTime.unix(l);
      case Integer i -> GoTime.unix(i);
      case null, default -> GoTime.now();
    };
  }

  static String dateInZone(String fmt, @Nullable Object date, String zone) {
    GoTime t = asTime(date);
    return t.in(zone(zone)).format(fmt);
  }

  /** time.LoadLocation, falling back to UTC as Sprig does. */
  private static ZoneId zone(String name) {
    if (name.isEmpty() || name.equals("UTC")) {
      return ZoneOffset.UTC;
    }
    if (name.equals("Local")) {
      return GoTime.LOCAL;
    }
    try {
      return ZoneId.of(name);
    } catch (RuntimeException unknown) {
      return ZoneOffset.UTC;
    }
  }

  private static String ago(@Nullable Object date) {
    GoTime t =
        switch (date) {
          case GoTime x -> x;
          case GoValues.Int64 i -> GoTime.unix(i.value);
          case Long l -> GoTime.unix(l);
          case null, default -> GoTime.now();
        };
    long nanos =
        Duration.between(t.time.toInstant(), ZonedDateTime.now(ZoneOffset.UTC).toInstant())
            .toNanos();
    long rounded = Math.round(nanos / 1e9) * 1_000_000_000L;
    return GoTime.durationString(rounded);
  }

  private static String duration(@Nullable Object sec) {
    long n =
        switch (sec) {
          case String s -> {
            try {
              yield Long.parseLong(s.startsWith("+") ? s.substring(1) : s);
            } catch (NumberFormatException e) {
              yield 0;
            }
          }
          case GoValues.Int64 i -> i.value;
          case null, default -> 0;
        };
    return GoTime.durationString(n * 1_000_000_000L);
  }

  private static String durationRound(@Nullable Object duration) {
    long d =
        switch (duration) {
          case String s -> {
            try {
              yield GoTime.parseDuration(s);
            } catch (TemplateException e) {
              yield 0;
            }
          }
          case GoValues.Int64 i -> i.value;
          case GoTime t ->
              Duration.between(t.time.toInstant(), ZonedDateTime.now(ZoneOffset.UTC).toInstant())
                  .toNanos();
          case null, default -> 0;
        };
    long u = Math.abs(d);
    long second = 1_000_000_000L;
    long minute = 60 * second;
    long hour = 60 * minute;
    long day = 24 * hour;
    long month = 30 * day;
    long year = 365 * day;
    if (u > year) {
      return u / year + "y";
    } else if (u > month) {
      return u / month + "mo";
    } else if (u > day) {
      return u / day + "d";
    } else if (u > hour) {
      return u / hour + "h";
    } else if (u > minute) {
      return u / minute + "m";
    } else if (u > second) {
      return u / second + "s";
    }
    return "0s";
  }
}
