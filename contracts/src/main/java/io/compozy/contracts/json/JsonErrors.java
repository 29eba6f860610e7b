package io.compozy.contracts.json;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * What a JSON or YAML reading error means to the person who wrote the document: where, and what.
 */
public final class JsonErrors {
  private JsonErrors() {}

  /** The JSON pointer of the value the error is about. */
  public static String pointer(JacksonException e) {
    if (e instanceof NulFreeStrings.NulCharacterException nul) {
      return nul.pointer();
    }
    StringBuilder p = new StringBuilder();
    for (JacksonException.Reference ref : e.getPath()) {
      if (ref.getPropertyName() != null) {
        p.append('/').append(ref.getPropertyName().replace("~", "~0").replace("/", "~1"));
      } else if (ref.getIndex() >= 0) {
        p.append('/').append(ref.getIndex());
      }
    }
    return p.toString();
  }

  /** The error in the document's words: Jackson names Java classes, users wrote YAML. */
  public static String message(JacksonException e) {
    if (e instanceof UnrecognizedPropertyException u) {
      String nearest = nearest(u.getPropertyName(), u.getKnownPropertyIds());
      return "unknown field '"
          + u.getPropertyName()
          + "'"
          + (nearest == null ? "" : " (did you mean '" + nearest + "'?)");
    }
    return clean(e.getOriginalMessage());
  }

  /**
   * The known name closest to {@code name}: at most a third of its letters apart (edits, or a
   * camelCase/snake_case spelling of the same word), null when none is that close.
   */
  public static @Nullable String nearest(
      String name, java.util.@Nullable Collection<Object> known) {
    if (known == null || name.length() > 200) {
      return null;
    }
    String plain = name.replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (Object k : known) {
      String candidate = String.valueOf(k);
      if (candidate.replace("_", "").replace("-", "").toLowerCase(Locale.ROOT).equals(plain)) {
        return candidate;
      }
      int d = distance(name.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
      if (d < bestDistance || d == bestDistance && best != null && candidate.compareTo(best) < 0) {
        bestDistance = d;
        best = candidate;
      }
    }
    return best != null && bestDistance <= Math.max(1, name.length() / 3) ? best : null;
  }

  /**
   * Edit distance where swapping two neighbouring letters counts one edit (optimal string
   * alignment).
   */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }

  private static final Pattern NULL_INTO_PRIMITIVE =
      Pattern.compile("^Cannot map `null` into type `(\\w+)`");

  static String clean(@Nullable String message) {
    if (message == null) {
      return "not valid";
    }
    // a number or a boolean left out (or given as null): Jackson names the Java type and its own
    // setting
    Matcher nullInto = NULL_INTO_PRIMITIVE.matcher(message);
    if (nullInto.find()) {
      return "a value is required here: "
          + (nullInto.group(1).equals("boolean") ? "true or false" : "a number")
          + ", not null or nothing";
    }
    return message
        .lines()
        .findFirst()
        .orElse("")
        .replaceAll("\\(class [\\w.$]+\\)", "")
        .replaceAll("`[\\w.$]+`", "value")
        .replaceAll("io\\.compozy\\.[\\w.$]+", "definition")
        .trim();
  }
}
