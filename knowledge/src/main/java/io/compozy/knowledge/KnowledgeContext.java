package io.compozy.knowledge;

import java.util.List;

/**
 * Retrieved chunks as Compozy injects them into a prompt, nearest first: a marker naming the base,
 * then each chunk under a heading with its source, separated by blank lines, stopped before the
 * passages would pass {@code maxTokens} (words, as the platform counts tokens). Pure.
 */
public final class KnowledgeContext {
  private KnowledgeContext() {}

  /** The text to give the model, or "" when no chunk made it (Compozy then injects nothing). */
  public static String format(String knowledgeBaseId, List<Hit> hits, @org.jspecify.annotations.Nullable Integer maxTokens) {
    StringBuilder out = new StringBuilder();
    for (Hit h : within(hits, maxTokens)) {
      out.append(out.isEmpty() ? "" : "\n\n").append("### ").append(h.source()).append('\n').append(h.text());
    }
    return out.isEmpty() ? "" : "<!-- knowledge:" + knowledgeBaseId + " -->\n" + out;
  }

  /** The chunks that fit in {@code maxTokens}, nearest first: the ones {@link #format} injects. */
  public static List<Hit> within(List<Hit> hits, @org.jspecify.annotations.Nullable Integer maxTokens) {
    List<Hit> kept = new java.util.ArrayList<>();
    int used = 0;
    for (Hit h : hits) {
      int words = words(h.text());
      if (maxTokens != null && used + words > maxTokens) {
        break;
      }
      used += words;
      kept.add(h);
    }
    return kept;
  }

  static int words(String text) {
    String t = text.strip();
    return t.isEmpty() ? 0 : t.split("\\s+").length;
  }
}
