package io.compozy.knowledge;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * The queries an agent's retrieval tries in turn, as Compozy does, until one finds {@code
 * min_results} chunks: the prompt itself, then its keywords (stop words and short words left out),
 * then its focus (what follows the last {@code ?} or {@code !}, else its last line). A query the
 * stages before tried is not tried again. Pure.
 */
public final class RetrievalStages {
  static final int MAX_QUERY = 2_048;
  static final int MAX_KEYWORDS = 32;
  static final int MAX_FOCUS = 512;
  private static final Set<String> STOP_WORDS =
      Set.of(
          "the",
          "and",
          "for",
          "with",
          "that",
          "from",
          "this",
          "have",
          "your",
          "about",
          "into",
          "only",
          "which",
          "would",
          "their",
          "there",
          "should",
          "could",
          "while",
          "where",
          "when",
          "what",
          "question",
          "answer",
          "please");

  private RetrievalStages() {}

  public enum Kind {
    INITIAL,
    KEYWORDS,
    FOCUS
  }

  public record Stage(Kind kind, String query) {}

  /**
   * What the stages found: the chunks of the first stage that found enough, else of the last one
   * tried.
   */
  public record Found(Kind stage, List<Hit> hits) {}

  /** Runs the stages' queries through {@code search} until one finds {@code minResults} chunks. */
  public static Found search(String prompt, int minResults, Function<String, List<Hit>> search) {
    Found found = new Found(Kind.INITIAL, List.of());
    for (Stage s : of(prompt)) {
      found = new Found(s.kind(), search.apply(s.query()));
      if (found.hits().size() >= minResults) {
        break;
      }
    }
    return found;
  }

  public static List<Stage> of(String prompt) {
    List<Stage> out = new ArrayList<>(3);
    Set<String> seen = new LinkedHashSet<>();
    add(out, seen, Kind.INITIAL, prompt);
    add(out, seen, Kind.KEYWORDS, keywords(prompt));
    add(out, seen, Kind.FOCUS, focus(prompt));
    return out;
  }

  private static void add(List<Stage> out, Set<String> seen, Kind kind, String query) {
    String q = cut(query.strip(), MAX_QUERY);
    if (!q.isEmpty() && seen.add(q)) {
      out.add(new Stage(kind, q));
    }
  }

  /**
   * The prompt's words in lower case, those of two letters or fewer and stop words left out; at
   * most 32.
   */
  static String keywords(String prompt) {
    List<String> out = new ArrayList<>();
    for (String word : prompt.toLowerCase(Locale.ROOT).split("[\\s\\p{IsPunctuation}]+")) {
      if (word.length() > 2 && !STOP_WORDS.contains(word)) {
        out.add(word);
        if (out.size() == MAX_KEYWORDS) {
          break;
        }
      }
    }
    return String.join(" ", out);
  }

  /**
   * What follows the prompt's last {@code ?} or {@code !}, else its last line that is not blank; at
   * most 512 characters.
   */
  static String focus(String prompt) {
    String p = prompt.strip();
    int mark = Math.max(p.lastIndexOf('?'), p.lastIndexOf('!'));
    if (mark >= 0 && !p.substring(mark + 1).isBlank()) {
      return cut(p.substring(mark + 1).strip(), MAX_FOCUS);
    }
    String[] lines = p.split("\n");
    for (int i = lines.length - 1; i >= 0; i--) {
      if (!lines[i].isBlank()) {
        return cut(lines[i].strip(), MAX_FOCUS);
      }
    }
    return cut(p, MAX_FOCUS);
  }

  private static String cut(String s, int max) {
    return s.codePointCount(0, s.length()) <= max
        ? s
        : s.substring(0, s.offsetByCodePoints(0, max));
  }
}
