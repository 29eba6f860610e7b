package io.compozy.knowledge;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Retrieved chunks as Compozy shows them to the model, in a block put before the prompt: for each
 * bound base a label ({@code inject_as}, else {@code Retrieved Knowledge (<base>)}), then each
 * chunk, nearest first, under {@code [n] score=0.823 tokens=12}; a base with too few chunks shows
 * its {@code fallback} notice instead. Tokens are counted as words, as the platform counts them.
 * Pure.
 */
public final class KnowledgeContext {
  private KnowledgeContext() {}

  /** What one binding's retrieval gave: the chunks shown, or the notice shown instead of them. */
  public record Entry(String label, List<Hit> chunks, @Nullable String notice) {}

  /** {@code inject_as} when given, else Compozy's default label naming the base. */
  public static String label(String knowledgeBaseId, @Nullable String injectAs) {
    return injectAs == null || injectAs.isBlank()
        ? "Retrieved Knowledge (" + knowledgeBaseId + ")"
        : injectAs.strip();
  }

  /**
   * Compozy's notice when a retrieval found fewer chunks than it needs and the binding names no
   * {@code fallback}.
   */
  public static String noKnowledge(String knowledgeBaseId) {
    return "No indexed knowledge available for " + knowledgeBaseId + ".";
  }

  /** The block for the entries; "" when there are none. */
  public static String block(List<Entry> entries) {
    StringBuilder out = new StringBuilder();
    for (Entry e : entries) {
      if (!out.isEmpty()) {
        out.append("\n\n");
      }
      out.append(e.label()).append(":\n");
      if (e.chunks().isEmpty()) {
        if (e.notice() != null && !e.notice().isBlank()) {
          out.append(e.notice().strip());
        }
        continue;
      }
      for (int i = 0; i < e.chunks().size(); i++) {
        Hit h = e.chunks().get(i);
        int tokens = words(h.text());
        out.append(String.format(Locale.ROOT, "[%d] score=%.3f", i + 1, h.score()));
        if (tokens > 0) {
          out.append(" tokens=").append(tokens);
        }
        out.append('\n').append(h.text().strip());
        if (i + 1 < e.chunks().size()) {
          out.append('\n');
        }
      }
    }
    return out.toString().strip();
  }

  /** The prompt with the block before it, as Compozy combines them. */
  public static String withPrompt(String block, String prompt) {
    if (block.isEmpty()) {
      return prompt;
    }
    return prompt.isBlank() ? block : block + "\n\n" + prompt;
  }

  /**
   * The chunks that fit in {@code maxTokens}, nearest first (Compozy drops the farthest until they
   * fit).
   */
  public static List<Hit> within(List<Hit> hits, @Nullable Integer maxTokens) {
    List<Hit> kept = new ArrayList<>();
    int used = 0;
    for (Hit h : hits) {
      int words = words(h.text());
      if (maxTokens != null && maxTokens > 0 && used + words > maxTokens) {
        break;
      }
      used += words;
      kept.add(h);
    }
    return kept;
  }

  public static int words(String text) {
    String t = text.strip();
    return t.isEmpty() ? 0 : t.split("\\s+").length;
  }
}
