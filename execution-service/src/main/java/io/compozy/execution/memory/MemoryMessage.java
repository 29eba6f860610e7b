package io.compozy.execution.memory;

import io.compozy.contracts.dsl.MemoryDef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * One message of a memory instance. {@code tokens} is estimated as the number of
 * whitespace-separated words (as the mock provider counts), which is what {@code max_tokens}
 * bounds.
 */
public record MemoryMessage(String role, String content, long tokens) {
  static final Set<String> ROLES = Set.of("system", "user", "assistant", "tool");

  public static MemoryMessage of(String role, String content) {
    return new MemoryMessage(
        role, content, content.isBlank() ? 0 : content.trim().split("\\s+").length);
  }

  /**
   * Messages from a payload as users write it: a message {@code {role, content}}, a list of them,
   * or a plain string (a user message). Anything else is a {@link MemoryException} naming the
   * field.
   */
  static List<MemoryMessage> fromPayload(@Nullable Object payload) {
    if (payload instanceof String s) {
      return List.of(of("user", s));
    }
    List<?> items =
        payload instanceof List<?> l ? l : payload == null ? List.of() : List.of(payload);
    if (items.isEmpty()) {
      throw new MemoryException(
          "/messages", "give a message {role, content}, a list of them, or a string");
    }
    List<MemoryMessage> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      if (!(items.get(i) instanceof Map<?, ?> m) || !(m.get("content") instanceof String content)) {
        throw new MemoryException(
            "/messages/" + i, "a message is an object with a string `content` (and a `role`)");
      }
      String role = m.get("role") == null ? "user" : String.valueOf(m.get("role"));
      if (!ROLES.contains(role)) {
        throw new MemoryException(
            "/messages/" + i + "/role",
            "is '" + role + "'; a role is one of " + ROLES.stream().sorted().toList());
      }
      out.add(of(role, content));
    }
    return out;
  }

  /** The memory's redaction patterns applied to the content, before it is stored. */
  MemoryMessage redacted(MemoryDef memory) {
    String text = content;
    for (String pattern : memory.redactPatterns()) {
      try {
        text =
            Pattern.compile(pattern)
                .matcher(text)
                .replaceAll(Matcher.quoteReplacement(memory.redactionString()));
      } catch (PatternSyntaxException e) {
        throw new MemoryException(
            "/privacy_policy/redact_patterns",
            "'" + pattern + "' is not a valid regular expression: " + e.getDescription());
      }
    }
    return text.equals(content) ? this : of(role, text);
  }

  MemoryAnswers.Message view() {
    return new MemoryAnswers.Message(role, content);
  }
}
