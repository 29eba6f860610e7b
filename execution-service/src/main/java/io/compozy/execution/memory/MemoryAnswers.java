package io.compozy.execution.memory;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What each memory operation answers, with Compozy's keys (and the counts kept here beside them):
 * the {@code data} of {@code /memory/{ref}/{operation}} and the output of a memory task.
 */
public sealed interface MemoryAnswers {

  /** One message as {@code read} lists them (oldest first). */
  @Schema(name = "MemoryMessage")
  record Message(String role, String content) {}

  /**
   * {@code write}: the messages replaced; {@code count} kept of those sent, then what the instance
   * holds.
   */
  @Schema(name = "MemoryWritten")
  record Written(
      boolean success,
      String key,
      int count,
      long messageCount,
      long flushed,
      boolean summaryGenerated)
      implements MemoryAnswers {}

  /** {@code append}: {@code appended} kept of those sent, {@code total_count} held after. */
  @Schema(name = "MemoryAppended")
  record Appended(
      boolean success,
      String key,
      int appended,
      long totalCount,
      long messageCount,
      long flushed,
      boolean summaryGenerated)
      implements MemoryAnswers {}

  /** {@code delete}: whether the instance held anything. */
  @Schema(name = "MemoryDeleted")
  record Deleted(boolean success, String key, boolean deleted) implements MemoryAnswers {}

  /** {@code clear}: the messages dropped (no backup is kept). */
  @Schema(name = "MemoryCleared")
  record Cleared(
      boolean success, String key, boolean deleted, long messagesCleared, boolean backupCreated)
      implements MemoryAnswers {}

  /** {@code flush}: the memory's flushing strategy applied now. */
  @Schema(name = "MemoryFlushed")
  record Flushed(
      boolean success,
      String key,
      String actualStrategy,
      boolean dryRun,
      long messageCount,
      long flushed,
      boolean summaryGenerated)
      implements MemoryAnswers {}

  /** {@code stats}: counts of the instance, its limits and time to live. */
  @Schema(name = "MemoryStats")
  record Stats(
      String key,
      long messageCount,
      long tokenCount,
      @Nullable Integer tokenLimit,
      @Nullable Double tokenUtilization,
      long contextWindowUsed,
      Map<String, Long> roleDistribution,
      @Nullable Integer maxMessages,
      @Nullable Integer maxTokens,
      @Nullable Long ttlSeconds)
      implements MemoryAnswers {}

  /** {@code health}: whether the instance exists and how much it holds. */
  @Schema(name = "MemoryInstanceHealth")
  record Health(
      boolean healthy,
      String key,
      boolean exists,
      long messageCount,
      long tokenCount,
      long currentTokens,
      String actualStrategy)
      implements MemoryAnswers {}
}
