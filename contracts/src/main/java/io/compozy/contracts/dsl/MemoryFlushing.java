package io.compozy.contracts.dsl;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * How a memory instance makes room when it passes {@code max_messages} or {@code max_tokens}
 * (Compozy's {@code flushing_strategy}). {@code summary_tokens} bounds the summary a summarising
 * strategy writes (100 when not given); {@code summarize_oldest_percent} makes it take at least
 * that share of the oldest messages at once. {@code summarize_threshold} is accepted: flushing here
 * starts at the limits themselves.
 */
public record MemoryFlushing(
    @Nullable Strategy type,
    @Nullable Double summarizeThreshold,
    @Nullable Integer summaryTokens,
    @Nullable Double summarizeOldestPercent) {

  public static final int DEFAULT_SUMMARY_TOKENS = 100;

  /** What is done with the messages that no longer fit. */
  public enum Kind {
    /** They are dropped, oldest first. */
    DROP_OLDEST,
    /** They are replaced by one system message summarising them. */
    SUMMARIZE
  }

  /**
   * Compozy's strategy names. Every read here returns the whole instance, so every message is
   * touched as often as every other: least-recently-used is oldest-first, and the LRU kinds flush
   * as FIFO does. {@code summarize} is this platform's older name for {@code hybrid_summary}.
   */
  public enum Strategy {
    @JsonProperty("simple_fifo")
    SIMPLE_FIFO(Kind.DROP_OLDEST),
    @JsonProperty("fifo")
    FIFO(Kind.DROP_OLDEST),
    @JsonProperty("message_count")
    MESSAGE_COUNT(Kind.DROP_OLDEST),
    @JsonProperty("token_count")
    TOKEN_COUNT(Kind.DROP_OLDEST),
    @JsonProperty("time_based")
    TIME_BASED(Kind.DROP_OLDEST),
    @JsonProperty("lru")
    LRU(Kind.DROP_OLDEST),
    @JsonProperty("token_aware_lru")
    TOKEN_AWARE_LRU(Kind.DROP_OLDEST),
    @JsonProperty("hybrid_summary")
    HYBRID_SUMMARY(Kind.SUMMARIZE),
    @JsonProperty("summarize")
    SUMMARIZE(Kind.SUMMARIZE);

    private final Kind kind;

    Strategy(Kind kind) {
      this.kind = kind;
    }

    public Kind kind() {
      return kind;
    }

    /** The name as written in YAML. */
    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public Strategy strategy() {
    return type == null ? Strategy.SIMPLE_FIFO : type;
  }

  public int summaryBudget() {
    return summaryTokens == null || summaryTokens <= 0 ? DEFAULT_SUMMARY_TOKENS : summaryTokens;
  }

  public double oldestShare() {
    return summarizeOldestPercent == null
            || summarizeOldestPercent <= 0
            || summarizeOldestPercent > 1
        ? 0
        : summarizeOldestPercent;
  }
}
