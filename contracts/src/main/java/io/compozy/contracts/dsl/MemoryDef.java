package io.compozy.contracts.dsl;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A memory resource: message lists kept per instance key (a template resolved per execution, such
 * as {@code session:{{ .workflow.input.session_id }}}), bounded by {@code max_messages} and {@code
 * max_tokens} (oldest messages flushed first), kept for {@code persistence.ttl}, with {@code
 * privacy_policy.redact_patterns} applied before anything is stored.
 */
public record MemoryDef(
    String id,
    @Nullable String resource,
    @Nullable String description,
    @Nullable String type,
    @Nullable Integer maxTokens,
    @Nullable Integer maxMessages,
    @Nullable MemoryFlushing flushing,
    @Nullable Persistence persistence,
    @Nullable PrivacyPolicy privacyPolicy,
    @Nullable String defaultKeyTemplate) {

  /** Where instances live ({@code redis}) and for how long after their last change. */
  public record Persistence(@Nullable String type, @Nullable String ttl) {}

  /**
   * Regular expressions whose matches are replaced by {@code [REDACTED]} before storing, and the
   * roles of messages never stored ({@code non_persistable_message_types}, e.g. system, tool).
   */
  public record PrivacyPolicy(
      @Nullable List<String> redactPatterns,
      @Nullable String defaultRedactionString,
      @Nullable List<String> nonPersistableMessageTypes) {
    public PrivacyPolicy(
        @Nullable List<String> redactPatterns, @Nullable String defaultRedactionString) {
      this(redactPatterns, defaultRedactionString, null);
    }
  }

  /**
   * Whether messages of {@code role} are stored (false for the privacy policy's non-persistable
   * types).
   */
  public boolean persists(String role) {
    return privacyPolicy == null
        || privacyPolicy.nonPersistableMessageTypes() == null
        || !privacyPolicy.nonPersistableMessageTypes().contains(role);
  }

  public List<String> redactPatterns() {
    return privacyPolicy == null || privacyPolicy.redactPatterns() == null
        ? List.of()
        : privacyPolicy.redactPatterns();
  }

  public String redactionString() {
    return privacyPolicy == null || privacyPolicy.defaultRedactionString() == null
        ? "[REDACTED]"
        : privacyPolicy.defaultRedactionString();
  }

  public @Nullable String ttl() {
    return persistence == null ? null : persistence.ttl();
  }

  /** The flushing settings, Compozy's defaults where none are given. */
  public MemoryFlushing flushingOrDefault() {
    return flushing == null ? new MemoryFlushing(null, null, null, null) : flushing;
  }
}
