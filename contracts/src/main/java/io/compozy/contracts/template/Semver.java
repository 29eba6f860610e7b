package io.compozy.contracts.template;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Masterminds semver v3 as Sprig's semver and semverCompare use it: loose versions and constraints.
 */
final class Semver implements GoMethods {
  private static final String PRERELEASE = "(-([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?";
  private static final String BUILD = "(\\+([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?";
  private static final String VERSION = "v?([0-9]+)(\\.[0-9]+)?(\\.[0-9]+)?" + PRERELEASE + BUILD;
  private static final Pattern VERSION_PATTERN = Pattern.compile("^" + VERSION + "$");
  private static final String CV =
      "v?([0-9|x|X|\\*]+)(\\.[0-9|x|X|\\*]+)?(\\.[0-9|x|X|\\*]+)?" + PRERELEASE + BUILD;
  private static final String OPS = "=||!=|>|<|>=|=>|<=|=<|~|~>|\\^";
  private static final Pattern CONSTRAINT =
      Pattern.compile("^\\s*(" + OPS + ")\\s*(" + CV + ")\\s*$");
  private static final Pattern RANGE = Pattern.compile("\\s*(" + CV + ")\\s+-\\s+(" + CV + ")\\s*");
  private static final Pattern FIND = Pattern.compile("(" + OPS + ")\\s*(" + CV + ")");
  private static final Pattern VALID =
      Pattern.compile(
          "^(\\s*("
              + OPS
              + ")\\s*("
              + CV
              + ")\\s*)((?:\\s+|,\\s*)("
              + OPS
              + ")\\s*("
              + CV
              + ")\\s*)*$");

  final BigInteger major;
  final BigInteger minor;
  final BigInteger patch;
  final String pre;
  final String metadata;
  final String original;

  private Semver(
      BigInteger major,
      BigInteger minor,
      BigInteger patch,
      String pre,
      String metadata,
      String original) {
    this.major = major;
    this.minor = minor;
    this.patch = patch;
    this.pre = pre;
    this.metadata = metadata;
    this.original = original;
  }

  /** semver.NewVersion; throws with the library's message. */
  static Semver parse(String v) {
    Matcher m = VERSION_PATTERN.matcher(v);
    if (!m.matches()) {
      throw new TemplateException("Invalid Semantic Version");
    }
    String pre = nz(m.group(5));
    String meta = nz(m.group(8));
    BigInteger major = segment(m.group(1));
    BigInteger minor = m.group(2) == null ? BigInteger.ZERO : segment(m.group(2).substring(1));
    BigInteger patch = m.group(3) == null ? BigInteger.ZERO : segment(m.group(3).substring(1));
    if (!pre.isEmpty()) {
      for (String part : pre.split("\\.")) {
        if (part.chars().allMatch(Character::isDigit)
            && part.length() > 1
            && part.startsWith("0")) {
          throw new TemplateException("Version segment starts with 0");
        }
      }
    }
    return new Semver(major, minor, patch, pre, meta, v);
  }

  private static BigInteger segment(String digits) {
    BigInteger v = new BigInteger(digits);
    if (v.bitLength() > 64) {
      throw new TemplateException(
          "Error parsing version segment: strconv.ParseUint: parsing "
              + GoQuote.quote(digits)
              + ": value out of range");
    }
    return v;
  }

  private static String nz(@Nullable String s) {
    return s == null ? "" : s;
  }

  @Override
  public String toString() {
    return major
        + "."
        + minor
        + "."
        + patch
        + (pre.isEmpty() ? "" : "-" + pre)
        + (metadata.isEmpty() ? "" : "+" + metadata);
  }

  int compare(Semver o) {
    int d = major.compareTo(o.major);
    if (d == 0) {
      d = minor.compareTo(o.minor);
    }
    if (d == 0) {
      d = patch.compareTo(o.patch);
    }
    if (d != 0) {
      return Integer.signum(d);
    }
    if (pre.isEmpty() && o.pre.isEmpty()) {
      return 0;
    }
    if (pre.isEmpty()) {
      return 1;
    }
    if (o.pre.isEmpty()) {
      return -1;
    }
    return comparePrerelease(pre, o.pre);
  }

  private static int comparePrerelease(String a, String b) {
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    int n = Math.max(x.length, y.length);
    for (int i = 0; i < n; i++) {
      String p = i < x.length ? x[i] : "";
      String q = i < y.length ? y[i] : "";
      int d = comparePart(p, q);
      if (d != 0) {
        return d;
      }
    }
    return 0;
  }

  private static int comparePart(String s, String o) {
    if (s.equals(o)) {
      return 0;
    }
    if (s.isEmpty()) {
      return o.isEmpty() ? 0 : -1;
    }
    if (o.isEmpty()) {
      return 1;
    }
    boolean sNum = s.chars().allMatch(Character::isDigit);
    boolean oNum = o.chars().allMatch(Character::isDigit);
    if (sNum && oNum) {
      return Integer.signum(new BigInteger(s).compareTo(new BigInteger(o)));
    }
    if (sNum) {
      return -1;
    }
    if (oNum) {
      return 1;
    }
    return s.compareTo(o) > 0 ? 1 : -1;
  }

  // --- methods ---

  @Override
  public boolean hasMethod(String name) {
    return switch (name) {
      case "Major",
          "Minor",
          "Patch",
          "Prerelease",
          "Metadata",
          "Original",
          "String",
          "Compare",
          "LessThan",
          "GreaterThan",
          "Equal",
          "IncMajor",
          "IncMinor",
          "IncPatch" ->
          true;
      default -> false;
    };
  }

  @Override
  public @Nullable Object call(String name, List<@Nullable Object> args) {
    return switch (name) {
      case "Major" -> major.longValue();
      case "Minor" -> minor.longValue();
      case "Patch" -> patch.longValue();
      case "Prerelease" -> pre;
      case "Metadata" -> metadata;
      case "Original" -> original;
      case "String" -> toString();
      case "IncMajor" ->
          new Semver(major.add(BigInteger.ONE), BigInteger.ZERO, BigInteger.ZERO, "", "", "");
      case "IncMinor" -> new Semver(major, minor.add(BigInteger.ONE), BigInteger.ZERO, "", "", "");
      case "IncPatch" ->
          pre.isEmpty()
              ? new Semver(major, minor, patch.add(BigInteger.ONE), "", "", "")
              : new Semver(major, minor, patch, "", "", "");
      default -> {
        if (args.size() != 1) {
          throw new TemplateException(
              "wrong number of args for " + name + ": want 1 got " + args.size());
        }
        if (!(args.getFirst() instanceof Semver o)) {
          throw new TemplateException(
              "wrong type for value; expected *semver.Version; got "
                  + GoValues.typeName(args.getFirst()));
        }
        int c = compare(o);
        yield switch (name) {
          case "Compare" -> (long) c;
          case "LessThan" -> c < 0;
          case "GreaterThan" -> c > 0;
          default -> c == 0;
        };
      }
    };
  }

  // --- constraints ---

  private record Constraint(
      Semver con, String orig, String op, boolean minorDirty, boolean patchDirty, boolean dirty) {
    boolean check(Semver v) {
      return Semver.check(this, v);
    }
  }

  /**
   * semverCompare: does {@code version} meet {@code constraint}? Throws with the library's
   * messages.
   */
  static boolean check(String constraint, String version) {
    List<List<Constraint>> ors = constraints(constraint);
    Semver v = parse(version);
    for (List<Constraint> and : ors) {
      boolean all = true;
      for (Constraint c : and) {
        if (!c.check(v)) {
          all = false;
          break;
        }
      }
      if (all) {
        return true;
      }
    }
    return false;
  }

  private static List<List<Constraint>> constraints(String c) {
    c = rewriteRange(c);
    List<List<Constraint>> ors = new ArrayList<>();
    for (String v : c.split("\\|\\|", -1)) {
      if (!VALID.matcher(v).matches()) {
        throw new TemplateException("improper constraint: " + v);
      }
      List<String> found = new ArrayList<>();
      Matcher m = FIND.matcher(v);
      while (m.find()) {
        found.add(m.group());
      }
      if (found.isEmpty()) {
        found.add(v);
      }
      List<Constraint> and = new ArrayList<>();
      for (String s : found) {
        and.add(parseConstraint(s));
      }
      ors.add(and);
    }
    return ors;
  }

  private static String rewriteRange(String i) {
    Matcher m = RANGE.matcher(i);
    String o = i;
    while (m.find()) {
      String t = ">= " + m.group(1) + ", <= " + m.group(11);
      o = o.replaceFirst(Pattern.quote(m.group()), Matcher.quoteReplacement(t));
    }
    return o;
  }

  private static Constraint parseConstraint(String c) {
    if (c.isEmpty()) {
      return new Constraint(parse("0.0.0"), c, "", false, false, true);
    }
    Matcher m = CONSTRAINT.matcher(c);
    if (!m.matches()) {
      throw new TemplateException("improper constraint: " + c);
    }
    String ver = m.group(2);
    String g3 = nz(m.group(3));
    String g4 = nz(m.group(4));
    String g5 = nz(m.group(5));
    String g6 = nz(m.group(6));
    boolean minorDirty = false;
    boolean patchDirty = false;
    boolean dirty = false;
    if (isX(g3) || g3.isEmpty()) {
      ver = "0.0.0" + g6;
      dirty = true;
    } else if (isX(trimDot(g4)) || g4.isEmpty()) {
      minorDirty = true;
      dirty = true;
      ver = g3 + ".0.0" + g6;
    } else if (isX(trimDot(g5)) || g5.isEmpty()) {
      dirty = true;
      patchDirty = true;
      ver = g3 + g4 + ".0" + g6;
    }
    Semver con;
    try {
      con = parse(ver);
    } catch (TemplateException e) {
      throw new TemplateException("constraint Parser Error");
    }
    return new Constraint(con, m.group(2), m.group(1), minorDirty, patchDirty, dirty);
  }

  private static String trimDot(String s) {
    return s.startsWith(".") ? s.substring(1) : s;
  }

  private static boolean isX(String x) {
    return x.equals("x") || x.equals("*") || x.equals("X");
  }

  private boolean releaseOnlyRefuses(Constraint c) {
    return !pre.isEmpty() && c.con.pre.isEmpty();
  }

  private static boolean checkTilde(Semver v, Constraint c) {
    if (v.releaseOnlyRefuses(c) || v.compare(c.con) < 0) {
      return false;
    }
    if (c.con.major.signum() == 0
        && c.con.minor.signum() == 0
        && c.con.patch.signum() == 0
        && !c.minorDirty
        && !c.patchDirty) {
      return true;
    }
    if (!v.major.equals(c.con.major)) {
      return false;
    }
    return v.minor.equals(c.con.minor) || c.minorDirty;
  }

  private static boolean check(Constraint c, Semver v) {
    switch (c.op) {
      case "", "=" -> {
        if (v.releaseOnlyRefuses(c)) {
          return false;
        }
        if (c.dirty) {
          return checkTilde(v, c);
        }
        return v.compare(c.con) == 0;
      }
      case "!=" -> {
        if (c.dirty) {
          if (v.releaseOnlyRefuses(c)) {
            return false;
          }
          if (!c.con.major.equals(v.major)) {
            return true;
          }
          if (!c.con.minor.equals(v.minor) && !c.minorDirty) {
            return true;
          } else if (c.minorDirty) {
            return false;
          } else if (!c.con.patch.equals(v.patch) && !c.patchDirty) {
            return true;
          } else if (c.patchDirty) {
            if (!v.pre.isEmpty() || !c.con.pre.isEmpty()) {
              return comparePrerelease(v.pre, c.con.pre) != 0;
            }
            return false;
          }
        }
        return v.compare(c.con) != 0;
      }
      case ">" -> {
        if (v.releaseOnlyRefuses(c)) {
          return false;
        }
        if (!c.dirty) {
          return v.compare(c.con) == 1;
        }
        if (v.major.compareTo(c.con.major) > 0) {
          return true;
        } else if (v.major.compareTo(c.con.major) < 0) {
          return false;
        } else if (c.minorDirty) {
          return false;
        } else if (c.patchDirty) {
          return v.minor.compareTo(c.con.minor) > 0;
        }
        return v.compare(c.con) == 1;
      }
      case "<" -> {
        return !v.releaseOnlyRefuses(c) && v.compare(c.con) < 0;
      }
      case ">=", "=>" -> {
        return !v.releaseOnlyRefuses(c) && v.compare(c.con) >= 0;
      }
      case "<=", "=<" -> {
        if (v.releaseOnlyRefuses(c)) {
          return false;
        }
        if (!c.dirty) {
          return v.compare(c.con) <= 0;
        }
        if (v.major.compareTo(c.con.major) > 0) {
          return false;
        } else if (v.major.equals(c.con.major)
            && v.minor.compareTo(c.con.minor) > 0
            && !c.minorDirty) {
          return false;
        }
        return true;
      }
      case "~", "~>" -> {
        return checkTilde(v, c);
      }
      case "^" -> {
        if (v.releaseOnlyRefuses(c) || v.compare(c.con) < 0) {
          return false;
        }
        if (c.con.major.signum() > 0 || c.minorDirty) {
          return v.major.equals(c.con.major);
        }
        if (c.con.major.signum() == 0 && v.major.signum() > 0) {
          return false;
        }
        if (c.con.minor.signum() > 0 || c.patchDirty) {
          return v.minor.equals(c.con.minor);
        }
        if (c.con.minor.signum() == 0 && v.minor.signum() > 0) {
          return false;
        }
        return c.con.patch.equals(v.patch);
      }
      default -> throw new IllegalStateException(c.op);
    }
  }
}
