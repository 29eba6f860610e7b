package io.compozy.execution.worker;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * Globs as Compozy matches them (doublestar): {@code **}{@code /} also matches no folder at all, so
 * {@code **}{@code /*.txt} matches {@code a.txt} at the top as well as {@code x/y/a.txt}; Java's
 * glob alone wants at least one folder there.
 */
public final class Doublestar {
  /**
   * The most {@code **}{@code /} segments whose absence is tried; more match as Java's glob does.
   */
  private static final int MAX_OPTIONAL = 4;

  private Doublestar() {}

  public static PathMatcher compile(String pattern) {
    List<String> variants = new ArrayList<>(List.of(pattern));
    int optional = 0;
    for (int at = pattern.indexOf("**/");
        at >= 0 && optional < MAX_OPTIONAL;
        at = pattern.indexOf("**/", at + 3), optional++) {
      int from = at;
      List<String> more = new ArrayList<>();
      for (String v : variants) {
        int shift = v.length() - pattern.length(); // earlier removals shortened v
        int i = from + shift;
        if (i >= 0 && v.startsWith("**/", i)) {
          more.add(v.substring(0, i) + v.substring(i + 3));
        }
      }
      variants.addAll(more);
    }
    List<PathMatcher> matchers =
        variants.stream().map(v -> FileSystems.getDefault().getPathMatcher("glob:" + v)).toList();
    return (Path p) -> matchers.stream().anyMatch(m -> m.matches(p));
  }
}
