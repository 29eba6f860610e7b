package io.compozy.contracts.template;

import java.math.BigInteger;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Go's time.Time as templates see it: layouts by reference time ("2006-01-02 15:04:05"), Go's
 * printing, durations as Go writes and reads them, and the methods templates call on a time.
 */
final class GoTime implements GoMethods {
  /** The zone Go calls Local: the platform renders in UTC, whatever the host's zone. */
  static final ZoneId LOCAL = ZoneOffset.UTC;

  static final GoTime ZERO = new GoTime(ZonedDateTime.of(1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));

  final ZonedDateTime time;

  GoTime(ZonedDateTime time) {
    this.time = time;
  }

  static GoTime now() {
    return new GoTime(ZonedDateTime.now(LOCAL));
  }

  static GoTime unix(long seconds) {
    return new GoTime(Instant.ofEpochSecond(seconds).atZone(LOCAL));
  }

  GoTime in(ZoneId zone) {
    return new GoTime(time.withZoneSameInstant(zone));
  }

  long unixSeconds() {
    return time.toEpochSecond();
  }

  /** Go's Time.String. */
  @Override
  public String toString() {
    return format("2006-01-02 15:04:05.999999999 -0700 MST");
  }

  // --- methods templates call: {{ now.Year }}, {{ (now).Format "2006" }} ---

  @Override
  public boolean hasMethod(String name) {
    return switch (name) {
      case "Format",
          "Unix",
          "UnixMilli",
          "UnixNano",
          "Year",
          "Month",
          "Day",
          "Hour",
          "Minute",
          "Second",
          "Nanosecond",
          "Weekday",
          "YearDay",
          "UTC",
          "Local",
          "In",
          "Add",
          "AddDate",
          "Sub",
          "Before",
          "After",
          "Equal",
          "IsZero",
          "String",
          "Truncate",
          "Round" ->
          true;
      default -> false;
    };
  }

  @Override
  public @Nullable Object call(String name, List<@Nullable Object> args) {
    return switch (name) {
      case "Format" -> format(GoMethods.string(name, args, 0, 1));
      case "Unix" -> noArgs(name, args, new GoValues.Int64(time.toEpochSecond()));
      case "UnixMilli" -> noArgs(name, args, new GoValues.Int64(time.toInstant().toEpochMilli()));
      case "UnixNano" ->
          noArgs(
              name,
              args,
              new GoValues.Int64(time.toEpochSecond() * 1_000_000_000L + time.getNano()));
      case "Year" -> noArgs(name, args, (long) time.getYear());
      case "Month" -> noArgs(name, args, new Month(time.getMonthValue()));
      case "Day" -> noArgs(name, args, (long) time.getDayOfMonth());
      case "Hour" -> noArgs(name, args, (long) time.getHour());
      case "Minute" -> noArgs(name, args, (long) time.getMinute());
      case "Second" -> noArgs(name, args, (long) time.getSecond());
      case "Nanosecond" -> noArgs(name, args, (long) time.getNano());
      case "Weekday" -> noArgs(name, args, new Weekday(time.getDayOfWeek().getValue() % 7));
      case "YearDay" -> noArgs(name, args, (long) time.getDayOfYear());
      case "UTC" -> noArgs(name, args, in(ZoneOffset.UTC));
      case "Local" -> noArgs(name, args, in(LOCAL));
      case "String" -> noArgs(name, args, toString());
      case "IsZero" -> noArgs(name, args, equals(ZERO));
      case "In" ->
          throw new TemplateException(
              "wrong type for value; expected *time.Location; got "
                  + GoValues.typeName(args.isEmpty() ? null : args.getFirst()));
      case "Add" -> new GoTime(time.plusNanos(GoMethods.integer(name, args, 0, 1)));
      case "Truncate", "Round" -> {
        long d = GoMethods.integer(name, args, 0, 1);
        if (d <= 0) {
          yield this;
        }
        long nanos = (time.toEpochSecond() - ZERO.time.toEpochSecond()) % d * 1_000_000_000L % d;
        long since = Math.floorMod(durationSinceZero(), d);
        long delta = name.equals("Round") && since + since >= d ? d - since : -since;
        yield new GoTime(time.plusNanos(delta + 0 * nanos));
      }
      case "AddDate" -> {
        if (args.size() != 3) {
          throw new TemplateException(
              "wrong number of args for AddDate: want 3 got " + args.size());
        }
        long y = GoMethods.integer(name, args, 0, 3);
        long m = GoMethods.integer(name, args, 1, 3);
        long d = GoMethods.integer(name, args, 2, 3);
        yield new GoTime(time.plusYears(y).plusMonths(m).plusDays(d));
      }
      case "Sub" -> new GoValues.Int64(Duration.between(other(name, args).time, time).toNanos());
      case "Before" -> time.toInstant().isBefore(other(name, args).time.toInstant());
      case "After" -> time.toInstant().isAfter(other(name, args).time.toInstant());
      case "Equal" -> time.toInstant().equals(other(name, args).time.toInstant());
      default -> throw new IllegalStateException(name);
    };
  }

  private long durationSinceZero() {
    return Duration.between(Instant.EPOCH, time.toInstant()).toNanos();
  }

  private static GoTime other(String name, List<@Nullable Object> args) {
    if (args.size() != 1) {
      throw new TemplateException(
          "wrong number of args for " + name + ": want 1 got " + args.size());
    }
    if (args.getFirst() instanceof GoTime t) {
      return t;
    }
    throw new TemplateException(
        "wrong type for value; expected time.Time; got " + GoValues.typeName(args.getFirst()));
  }

  private static Object noArgs(String name, List<@Nullable Object> args, Object result) {
    if (!args.isEmpty()) {
      throw new TemplateException(
          "wrong number of args for " + name + ": want 0 got " + args.size());
    }
    return result;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GoTime t
        && t.time.toInstant().equals(time.toInstant())
        && t.time.getZone().equals(time.getZone());
  }

  @Override
  public int hashCode() {
    return time.toInstant().hashCode();
  }

  /** time.Month: prints as its English name. */
  record Month(int value) {
    @Override
    public String toString() {
      return java.time.Month.of(value).getDisplayName(TextStyle.FULL, Locale.ENGLISH);
    }
  }

  /** time.Weekday: prints as its English name; Sunday is 0. */
  record Weekday(int value) {
    @Override
    public String toString() {
      return DayOfWeek.of(value == 0 ? 7 : value).getDisplayName(TextStyle.FULL, Locale.ENGLISH);
    }
  }

  // --- layouts ---

  private enum Std {
    LONG_MONTH("January"),
    MONTH("Jan"),
    NUM_MONTH("1"),
    ZERO_MONTH("01"),
    LONG_WEEKDAY("Monday"),
    WEEKDAY("Mon"),
    DAY("2"),
    UNDER_DAY("_2"),
    ZERO_DAY("02"),
    UNDER_YEAR_DAY("__2"),
    ZERO_YEAR_DAY("002"),
    HOUR("15"),
    HOUR12("3"),
    ZERO_HOUR12("03"),
    MINUTE("4"),
    ZERO_MINUTE("04"),
    SECOND("5"),
    ZERO_SECOND("05"),
    LONG_YEAR("2006"),
    YEAR("06"),
    PM("PM"),
    PM_LOWER("pm"),
    TZ("MST"),
    ISO8601_TZ("Z0700"),
    ISO8601_SECONDS_TZ("Z070000"),
    ISO8601_SHORT_TZ("Z07"),
    ISO8601_COLON_TZ("Z07:00"),
    ISO8601_COLON_SECONDS_TZ("Z07:00:00"),
    NUM_TZ("-0700"),
    NUM_SECONDS_TZ("-070000"),
    NUM_SHORT_TZ("-07"),
    NUM_COLON_TZ("-07:00"),
    NUM_COLON_SECONDS_TZ("-07:00:00"),
    FRAC_ZERO(""),
    FRAC_NINE("");

    final String text;

    Std(String text) {
      this.text = text;
    }
  }

  /** One piece of a layout: literal text, or a standard element (with its fraction digits). */
  private record Chunk(@Nullable String literal, @Nullable Std std, int digits, char separator) {}

  /** Splits a layout the way Go's nextStdChunk does. */
  private static List<Chunk> chunks(String layout) {
    List<Chunk> out = new ArrayList<>();
    StringBuilder lit = new StringBuilder();
    int i = 0;
    while (i < layout.length()) {
      Std std = null;
      int len = 0;
      int digits = 0;
      char sep = '.';
      char c = layout.charAt(i);
      String rest = layout.substring(i);
      switch (c) {
        case 'J' -> {
          if (rest.startsWith("January")) {
            std = Std.LONG_MONTH;
            len = 7;
          } else if (rest.startsWith("Jan")) {
            std = Std.MONTH;
            len = 3;
          }
        }
        case 'M' -> {
          if (rest.startsWith("Monday")) {
            std = Std.LONG_WEEKDAY;
            len = 6;
          } else if (rest.startsWith("Mon")) {
            std = Std.WEEKDAY;
            len = 3;
          } else if (rest.startsWith("MST")) {
            std = Std.TZ;
            len = 3;
          }
        }
        case '0' -> {
          if (rest.length() >= 2 && rest.charAt(1) >= '1' && rest.charAt(1) <= '6') {
            std =
                switch (rest.charAt(1)) {
                  case '1' -> Std.ZERO_MONTH;
                  case '2' -> Std.ZERO_DAY;
                  case '3' -> Std.ZERO_HOUR12;
                  case '4' -> Std.ZERO_MINUTE;
                  case '5' -> Std.ZERO_SECOND;
                  default -> Std.YEAR;
                };
            len = 2;
          } else if (rest.startsWith("002")) {
            std = Std.ZERO_YEAR_DAY;
            len = 3;
          }
        }
        case '1' -> {
          if (rest.startsWith("15")) {
            std = Std.HOUR;
            len = 2;
          } else {
            std = Std.NUM_MONTH;
            len = 1;
          }
        }
        case '2' -> {
          if (rest.startsWith("2006")) {
            std = Std.LONG_YEAR;
            len = 4;
          } else {
            std = Std.DAY;
            len = 1;
          }
        }
        case '_' -> {
          if (rest.startsWith("_2")) {
            if (rest.startsWith("_2006")) {
              // "_2006" is a literal underscore and a year
              lit.append('_');
              i++;
              continue;
            }
            std = Std.UNDER_DAY;
            len = 2;
          }
          if (rest.startsWith("__2")) {
            std = Std.UNDER_YEAR_DAY;
            len = 3;
          }
        }
        case '3', '4', '5' -> {
          std = c == '3' ? Std.HOUR12 : c == '4' ? Std.MINUTE : Std.SECOND;
          len = 1;
        }
        case 'P' -> {
          if (rest.startsWith("PM")) {
            std = Std.PM;
            len = 2;
          }
        }
        case 'p' -> {
          if (rest.startsWith("pm")) {
            std = Std.PM_LOWER;
            len = 2;
          }
        }
        case '-' -> {
          for (Std s :
              new Std[] {
                Std.NUM_COLON_SECONDS_TZ,
                Std.NUM_SECONDS_TZ,
                Std.NUM_COLON_TZ,
                Std.NUM_TZ,
                Std.NUM_SHORT_TZ
              }) {
            if (rest.startsWith(s.text)) {
              std = s;
              len = s.text.length();
              break;
            }
          }
        }
        case 'Z' -> {
          for (Std s :
              new Std[] {
                Std.ISO8601_COLON_SECONDS_TZ,
                Std.ISO8601_SECONDS_TZ,
                Std.ISO8601_COLON_TZ,
                Std.ISO8601_TZ,
                Std.ISO8601_SHORT_TZ
              }) {
            if (rest.startsWith(s.text)) {
              std = s;
              len = s.text.length();
              break;
            }
          }
        }
        case '.', ',' -> {
          if (rest.length() >= 2 && (rest.charAt(1) == '0' || rest.charAt(1) == '9')) {
            char ch = rest.charAt(1);
            int j = 1;
            while (j < rest.length() && rest.charAt(j) == ch) {
              j++;
            }
            // a fraction only when no digit follows the run
            if (j >= rest.length() || !Character.isDigit(rest.charAt(j))) {
              std = ch == '0' ? Std.FRAC_ZERO : Std.FRAC_NINE;
              len = j;
              digits = j - 1;
              sep = c;
            }
          }
        }
        default -> {}
      }
      if (std == null) {
        lit.append(c);
        i++;
        continue;
      }
      if (!lit.isEmpty()) {
        out.add(new Chunk(lit.toString(), null, 0, '.'));
        lit.setLength(0);
      }
      out.add(new Chunk(null, std, digits, sep));
      i += len;
    }
    if (!lit.isEmpty()) {
      out.add(new Chunk(lit.toString(), null, 0, '.'));
    }
    return out;
  }

  String format(String layout) {
    StringBuilder b = new StringBuilder();
    ZonedDateTime t = time;
    for (Chunk c : chunks(layout)) {
      if (c.literal != null) {
        b.append(c.literal);
        continue;
      }
      int year = t.getYear();
      switch (c.std) {
        case YEAR -> b.append(pad(Math.floorMod(year, 100), 2));
        case LONG_YEAR -> b.append(year < 0 ? "-" + pad(-year, 4) : pad(year, 4));
        case MONTH -> b.append(t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
        case LONG_MONTH -> b.append(t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
        case NUM_MONTH -> b.append(t.getMonthValue());
        case ZERO_MONTH -> b.append(pad(t.getMonthValue(), 2));
        case WEEKDAY -> b.append(t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
        case LONG_WEEKDAY ->
            b.append(t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
        case DAY -> b.append(t.getDayOfMonth());
        case UNDER_DAY -> b.append(t.getDayOfMonth() < 10 ? " " : "").append(t.getDayOfMonth());
        case ZERO_DAY -> b.append(pad(t.getDayOfMonth(), 2));
        case UNDER_YEAR_DAY -> b.append(String.format("%3d", t.getDayOfYear()));
        case ZERO_YEAR_DAY -> b.append(pad(t.getDayOfYear(), 3));
        case HOUR -> b.append(pad(t.getHour(), 2));
        case HOUR12 -> b.append(t.getHour() % 12 == 0 ? 12 : t.getHour() % 12);
        case ZERO_HOUR12 -> b.append(pad(t.getHour() % 12 == 0 ? 12 : t.getHour() % 12, 2));
        case MINUTE -> b.append(t.getMinute());
        case ZERO_MINUTE -> b.append(pad(t.getMinute(), 2));
        case SECOND -> b.append(t.getSecond());
        case ZERO_SECOND -> b.append(pad(t.getSecond(), 2));
        case PM -> b.append(t.getHour() >= 12 ? "PM" : "AM");
        case PM_LOWER -> b.append(t.getHour() >= 12 ? "pm" : "am");
        case TZ -> b.append(zoneAbbreviation(t));
        case FRAC_ZERO, FRAC_NINE -> {
          String nanos = pad(t.getNano(), 9).substring(0, c.digits);
          if (c.std == Std.FRAC_NINE) {
            nanos = nanos.replaceAll("0+$", "");
            if (!nanos.isEmpty()) {
              b.append(c.separator).append(nanos);
            }
          } else {
            b.append(c.separator).append(nanos);
          }
        }
        default -> appendOffset(b, c.std, t.getOffset().getTotalSeconds());
      }
    }
    return b.toString();
  }

  private static String zoneAbbreviation(ZonedDateTime t) {
    ZoneId zone = t.getZone();
    if (zone.equals(ZoneOffset.UTC) || zone.getId().equals("UTC") || zone.getId().equals("Z")) {
      return "UTC";
    }
    if (zone instanceof ZoneOffset offset) {
      StringBuilder b = new StringBuilder();
      appendOffset(b, Std.NUM_TZ, offset.getTotalSeconds());
      return b.toString();
    }
    String name = zone.getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
    return DateTimeFormatter.ofPattern("zzz", Locale.ENGLISH).format(t).isEmpty()
        ? name
        : DateTimeFormatter.ofPattern("zzz", Locale.ENGLISH).format(t);
  }

  private static void appendOffset(StringBuilder b, Std std, int offsetSeconds) {
    boolean iso = std.name().startsWith("ISO");
    if (iso && offsetSeconds == 0) {
      b.append('Z');
      return;
    }
    int zone = offsetSeconds / 60;
    int abs = Math.abs(offsetSeconds);
    b.append(zone < 0 || offsetSeconds < 0 ? '-' : '+');
    b.append(pad(abs / 3600, 2));
    boolean colon =
        std == Std.ISO8601_COLON_TZ
            || std == Std.NUM_COLON_TZ
            || std == Std.ISO8601_COLON_SECONDS_TZ
            || std == Std.NUM_COLON_SECONDS_TZ;
    if (std != Std.ISO8601_SHORT_TZ && std != Std.NUM_SHORT_TZ) {
      if (colon) {
        b.append(':');
      }
      b.append(pad(abs / 60 % 60, 2));
    }
    if (std == Std.ISO8601_SECONDS_TZ
        || std == Std.NUM_SECONDS_TZ
        || std == Std.ISO8601_COLON_SECONDS_TZ
        || std == Std.NUM_COLON_SECONDS_TZ) {
      if (colon) {
        b.append(':');
      }
      b.append(pad(abs % 60, 2));
    }
  }

  private static String pad(long v, int width) {
    String s = Long.toString(Math.abs(v));
    return (v < 0 ? "-" : "") + "0".repeat(Math.max(0, width - s.length())) + s;
  }

  /** Go's time.ParseInLocation; the message of a failure is Go's. */
  static GoTime parse(String layout, String value, ZoneId zone) {
    String rest = value;
    int year = 0;
    int month = -1;
    int day = -1;
    int yday = -1;
    int hour = 0;
    int minute = 0;
    int second = 0;
    int nanos = 0;
    boolean pmSet = false;
    boolean pm = false;
    Integer offset = null;
    String zoneName = null;
    String alayout = layout;
    List<Chunk> chunkList = chunks(layout);
    for (int ci = 0; ci < chunkList.size(); ci++) {
      Chunk c = chunkList.get(ci);
      Chunk following = ci + 1 < chunkList.size() ? chunkList.get(ci + 1) : null;
      boolean fractionFollows =
          following != null && (following.std == Std.FRAC_ZERO || following.std == Std.FRAC_NINE);
      String valueElem = rest;
      if (c.literal != null) {
        String lit = c.literal;
        String trimmed = rest;
        if (!rest.startsWith(lit)) {
          throw parseError(layout, value, lit, rest, "");
        }
        rest = trimmed.substring(lit.length());
        continue;
      }
      String stdText = stdString(c);
      try {
        switch (c.std) {
          case YEAR -> {
            int v = digits(rest, 2, 2);
            year = v >= 69 ? v + 1900 : v + 2000;
            rest = rest.substring(2);
          }
          case LONG_YEAR -> {
            if (rest.length() < 4 || !isDigits(rest.substring(0, 4))) {
              throw new BadElem();
            }
            year = Integer.parseInt(rest.substring(0, 4));
            rest = rest.substring(4);
          }
          case MONTH, LONG_MONTH -> {
            TextStyle style = c.std == Std.MONTH ? TextStyle.SHORT : TextStyle.FULL;
            month = -1;
            for (java.time.Month m : java.time.Month.values()) {
              String name = m.getDisplayName(style, Locale.ENGLISH);
              if (rest.regionMatches(true, 0, name, 0, name.length())) {
                month = m.getValue();
                rest = rest.substring(name.length());
                break;
              }
            }
            if (month < 0) {
              throw new BadElem();
            }
          }
          case NUM_MONTH, ZERO_MONTH -> {
            int[] r = number(rest, c.std == Std.ZERO_MONTH);
            month = r[0];
            rest = rest.substring(r[1]);
            if (month <= 0 || month > 12) {
              throw new RangeError("month");
            }
          }
          case WEEKDAY, LONG_WEEKDAY -> {
            TextStyle style = c.std == Std.WEEKDAY ? TextStyle.SHORT : TextStyle.FULL;
            boolean found = false;
            for (DayOfWeek d : DayOfWeek.values()) {
              String name = d.getDisplayName(style, Locale.ENGLISH);
              if (rest.regionMatches(true, 0, name, 0, name.length())) {
                rest = rest.substring(name.length());
                found = true;
                break;
              }
            }
            if (!found) {
              throw new BadElem();
            }
          }
          case DAY, UNDER_DAY, ZERO_DAY -> {
            if (c.std == Std.UNDER_DAY && rest.startsWith(" ")) {
              rest = rest.substring(1);
            }
            int[] r = number(rest, c.std == Std.ZERO_DAY);
            day = r[0];
            rest = rest.substring(r[1]);
          }
          case UNDER_YEAR_DAY, ZERO_YEAR_DAY -> {
            for (int k = 0; k < 2 && c.std == Std.UNDER_YEAR_DAY && rest.startsWith(" "); k++) {
              rest = rest.substring(1);
            }
            int[] r = number3(rest, c.std == Std.ZERO_YEAR_DAY);
            yday = r[0];
            rest = rest.substring(r[1]);
          }
          case HOUR -> {
            int[] r = number(rest, false);
            hour = r[0];
            rest = rest.substring(r[1]);
            if (hour < 0 || hour >= 24) {
              throw new RangeError("hour");
            }
          }
          case HOUR12, ZERO_HOUR12 -> {
            int[] r = number(rest, c.std == Std.ZERO_HOUR12);
            hour = r[0];
            rest = rest.substring(r[1]);
            if (hour < 0 || hour > 12) {
              throw new RangeError("hour");
            }
          }
          case MINUTE, ZERO_MINUTE -> {
            int[] r = number(rest, c.std == Std.ZERO_MINUTE);
            minute = r[0];
            rest = rest.substring(r[1]);
            if (minute < 0 || minute >= 60) {
              throw new RangeError("minute");
            }
          }
          case SECOND, ZERO_SECOND -> {
            int[] r = number(rest, c.std == Std.ZERO_SECOND);
            second = r[0];
            rest = rest.substring(r[1]);
            if (second < 0 || second >= 60) {
              throw new RangeError("second");
            }
            // a fraction after the seconds is read even when the layout has none
            if (!fractionFollows
                && rest.length() >= 2
                && (rest.charAt(0) == '.' || rest.charAt(0) == ',')
                && Character.isDigit(rest.charAt(1))) {
              int j = 1;
              while (j < rest.length() && Character.isDigit(rest.charAt(j))) {
                j++;
              }
              nanos = fraction(rest.substring(1, j));
              rest = rest.substring(j);
            }
          }
          case PM, PM_LOWER -> {
            if (rest.length() < 2) {
              throw new BadElem();
            }
            String p = rest.substring(0, 2);
            if (p.equalsIgnoreCase("PM")) {
              pm = true;
            } else if (!p.equalsIgnoreCase("AM")) {
              throw new BadElem();
            }
            pmSet = true;
            rest = rest.substring(2);
          }
          case TZ -> {
            if (rest.startsWith("UTC")) {
              zoneName = "UTC";
              offset = 0;
              rest = rest.substring(3);
            } else {
              int j = 0;
              while (j < rest.length() && Character.isUpperCase(rest.charAt(j))) {
                j++;
              }
              if (j < 3) {
                throw new BadElem();
              }
              zoneName = rest.substring(0, j);
              rest = rest.substring(j);
            }
          }
          case FRAC_ZERO -> {
            int n = 1 + c.digits;
            if (rest.length() < n || rest.charAt(0) != c.separator) {
              throw new BadElem();
            }
            nanos = fraction(rest.substring(1, n));
            rest = rest.substring(n);
          }
          case FRAC_NINE -> {
            if (rest.length() >= 2
                && rest.charAt(0) == c.separator
                && Character.isDigit(rest.charAt(1))) {
              int j = 1;
              while (j < rest.length() && j < 10 && Character.isDigit(rest.charAt(j))) {
                j++;
              }
              nanos = fraction(rest.substring(1, j));
              rest = rest.substring(j);
            }
          }
          default -> {
            if ((c.std.name().startsWith("ISO")) && rest.startsWith("Z")) {
              rest = rest.substring(1);
              offset = 0;
              zoneName = "UTC";
              break;
            }
            int[] r = parseOffset(rest, c.std);
            offset = r[0];
            rest = rest.substring(r[1]);
          }
        }
      } catch (BadElem bad) {
        throw parseError(alayout, value, stdText, valueElem, "");
      } catch (RangeError range) {
        throw new TemplateException(
            "parsing time " + GoQuote.quote(value) + ": " + range.getMessage() + " out of range");
      } catch (RuntimeException bad) {
        throw parseError(alayout, value, stdText, valueElem, "");
      }
    }
    if (!rest.isEmpty()) {
      throw new TemplateException(
          "parsing time " + GoQuote.quote(value) + ": extra text: " + GoQuote.quote(rest));
    }
    if (pmSet && pm && hour < 12) {
      hour += 12;
    } else if (pmSet && !pm && hour == 12) {
      hour = 0;
    }
    if (yday >= 0) {
      LocalDate d = LocalDate.ofYearDay(year, yday);
      if (month < 0) {
        month = d.getMonthValue();
      }
      if (day < 0) {
        day = d.getDayOfMonth();
      }
    }
    if (month < 0) {
      month = 1;
    }
    if (day < 0) {
      day = 1;
    }
    if (day < 1 || day > YearMonth.of(year, month).lengthOfMonth()) {
      throw new TemplateException("parsing time " + GoQuote.quote(value) + ": day out of range");
    }
    LocalDateTime local = LocalDateTime.of(year, month, day, hour, minute, second, nanos);
    if (offset != null) {
      ZoneId z =
          offset == 0 && "UTC".equals(zoneName)
              ? ZoneOffset.UTC
              : ZoneOffset.ofTotalSeconds(offset);
      return new GoTime(local.atZone(z));
    }
    return new GoTime(local.atZone(zone));
  }

  private static String stdString(Chunk c) {
    if (c.std == Std.FRAC_ZERO) {
      return c.separator + "0".repeat(c.digits);
    }
    if (c.std == Std.FRAC_NINE) {
      return c.separator + "9".repeat(c.digits);
    }
    return c.std.text;
  }

  private static final class BadElem extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadElem() {
      super(null, null, false, false);
    }
  }

  private static final class RangeError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RangeError(String what) {
      super(what, null, false, false);
    }
  }

  private static TemplateException parseError(
      String layout, String value, String elem, String valueElem, String message) {
    return new TemplateException(
        "parsing time "
            + GoQuote.quote(value)
            + " as "
            + GoQuote.quote(layout)
            + ": cannot parse "
            + GoQuote.quote(valueElem)
            + " as "
            + GoQuote.quote(elem)
            + message);
  }

  private static boolean isDigits(String s) {
    return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
  }

  private static int digits(String s, int min, int max) {
    if (s.length() < min || !isDigits(s.substring(0, min))) {
      throw new BadElem();
    }
    return Integer.parseInt(s.substring(0, min));
  }

  /** Go's getnum: one or two digits (exactly two when fixed). */
  private static int[] number(String s, boolean fixed) {
    if (s.isEmpty() || !Character.isDigit(s.charAt(0))) {
      throw new BadElem();
    }
    if (s.length() < 2 || !Character.isDigit(s.charAt(1))) {
      if (fixed) {
        throw new BadElem();
      }
      return new int[] {s.charAt(0) - '0', 1};
    }
    return new int[] {(s.charAt(0) - '0') * 10 + s.charAt(1) - '0', 2};
  }

  private static int[] number3(String s, boolean fixed) {
    int n = 0;
    int i = 0;
    while (i < 3 && i < s.length() && Character.isDigit(s.charAt(i))) {
      n = n * 10 + s.charAt(i) - '0';
      i++;
    }
    if (i == 0 || fixed && i != 3) {
      throw new BadElem();
    }
    return new int[] {n, i};
  }

  private static int fraction(String digits) {
    String d = (digits + "000000000").substring(0, 9);
    return Integer.parseInt(d);
  }

  private static int[] parseOffset(String s, Std std) {
    String sign = s.isEmpty() ? "" : s.substring(0, 1);
    if (!sign.equals("+") && !sign.equals("-")) {
      throw new BadElem();
    }
    boolean colon =
        std == Std.ISO8601_COLON_TZ
            || std == Std.NUM_COLON_TZ
            || std == Std.ISO8601_COLON_SECONDS_TZ
            || std == Std.NUM_COLON_SECONDS_TZ;
    boolean secs =
        std == Std.ISO8601_SECONDS_TZ
            || std == Std.NUM_SECONDS_TZ
            || std == Std.ISO8601_COLON_SECONDS_TZ
            || std == Std.NUM_COLON_SECONDS_TZ;
    boolean shortTz = std == Std.ISO8601_SHORT_TZ || std == Std.NUM_SHORT_TZ;
    int i = 1;
    int h = digits(s.substring(i), 2, 2);
    i += 2;
    int m = 0;
    int sec = 0;
    if (!shortTz) {
      if (colon) {
        if (i >= s.length() || s.charAt(i) != ':') {
          throw new BadElem();
        }
        i++;
      }
      m = digits(s.substring(i), 2, 2);
      i += 2;
      if (secs) {
        if (colon) {
          if (i >= s.length() || s.charAt(i) != ':') {
            throw new BadElem();
          }
          i++;
        }
        sec = digits(s.substring(i), 2, 2);
        i += 2;
      }
    }
    int total = h * 3600 + m * 60 + sec;
    return new int[] {sign.equals("-") ? -total : total, i};
  }

  // --- durations ---

  /** Go's Duration.String: "1h2m3s", "1.5s", "250ms", "0s". */
  static String durationString(long d) {
    if (d == 0) {
      return "0s";
    }
    boolean neg = d < 0;
    BigInteger u = BigInteger.valueOf(d).abs();
    long v = u.min(BigInteger.valueOf(Long.MAX_VALUE)).longValue();
    if (d == Long.MIN_VALUE) {
      return "-2562047h47m16.854775808s";
    }
    StringBuilder b = new StringBuilder();
    if (v < 1_000_000_000L) {
      String unit;
      int prec;
      if (v < 1_000L) {
        unit = "ns";
        prec = 0;
      } else if (v < 1_000_000L) {
        unit = "µs";
        prec = 3;
      } else {
        unit = "ms";
        prec = 6;
      }
      b.append(fixedPoint(v, prec)).append(unit);
    } else {
      String seconds = fixedPoint(v % 60_000_000_000L, 9);
      long minutes = v / 60_000_000_000L;
      if (minutes > 0) {
        long hours = minutes / 60;
        if (hours > 0) {
          b.append(hours).append('h');
        }
        b.append(minutes % 60).append('m');
      }
      b.append(seconds).append('s');
    }
    return (neg ? "-" : "") + b;
  }

  private static String fixedPoint(long v, int prec) {
    if (prec == 0) {
      return Long.toString(v);
    }
    long scale = (long) Math.pow(10, prec);
    long whole = v / scale;
    long frac = v % scale;
    if (frac == 0) {
      return Long.toString(whole);
    }
    String f = String.format("%0" + prec + "d", frac).replaceAll("0+$", "");
    return whole + "." + f;
  }

  /** Go's time.ParseDuration; throws with Go's message. */
  static long parseDuration(String s) {
    String orig = s;
    if (s.isEmpty()) {
      throw new TemplateException("time: invalid duration " + GoQuote.quote(orig));
    }
    boolean neg = false;
    if (s.charAt(0) == '-' || s.charAt(0) == '+') {
      neg = s.charAt(0) == '-';
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return 0;
    }
    if (s.isEmpty()) {
      throw new TemplateException("time: invalid duration " + GoQuote.quote(orig));
    }
    double total = 0;
    while (!s.isEmpty()) {
      int i = 0;
      while (i < s.length() && (Character.isDigit(s.charAt(i)))) {
        i++;
      }
      String whole = s.substring(0, i);
      String frac = "";
      s = s.substring(i);
      if (s.startsWith(".")) {
        int j = 1;
        while (j < s.length() && Character.isDigit(s.charAt(j))) {
          j++;
        }
        frac = s.substring(1, j);
        s = s.substring(j);
      }
      if (whole.isEmpty() && frac.isEmpty()) {
        throw new TemplateException("time: invalid duration " + GoQuote.quote(orig));
      }
      int u = 0;
      while (u < s.length() && s.charAt(u) != '.' && !Character.isDigit(s.charAt(u))) {
        u++;
      }
      if (u == 0) {
        throw new TemplateException("time: missing unit in duration " + GoQuote.quote(orig));
      }
      String unit = s.substring(0, u);
      s = s.substring(u);
      long scale =
          switch (unit) {
            case "ns" -> 1L;
            case "us", "µs", "μs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default ->
                throw new TemplateException(
                    "time: unknown unit "
                        + GoQuote.quote(unit)
                        + " in duration "
                        + GoQuote.quote(orig));
          };
      double value =
          Double.parseDouble((whole.isEmpty() ? "0" : whole) + (frac.isEmpty() ? "" : "." + frac));
      total += value * scale;
      if (total > Long.MAX_VALUE) {
        throw new TemplateException("time: invalid duration " + GoQuote.quote(orig));
      }
    }
    long result = Math.round(total);
    return neg ? -result : result;
  }
}
