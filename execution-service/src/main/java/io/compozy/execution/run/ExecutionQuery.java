package io.compozy.execution.run;

import io.compozy.contracts.execution.ExecutionStatus;
import io.compozy.support.problem.ApiProblem;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A validated page request over executions, newest first: filters, a limit (default 50, at most
 * 500; larger is clamped) and an opaque cursor naming the last execution of the previous page.
 */
record ExecutionQuery(
    @Nullable String workflowId,
    @Nullable ExecutionStatus status,
    @Nullable Instant createdAfter,
    @Nullable Instant createdBefore,
    int limit,
    @Nullable Cursor after) {

  /**
   * Where a page starts from: an execution's creation time and id (ids break ties), and which way
   * the page goes from it: older ({@code next_cursor}, the last of a page) or newer ({@code
   * prev_cursor}, the first of a page).
   */
  record Cursor(Instant createdAt, String execId, Direction direction) {
    enum Direction {
      OLDER,
      NEWER
    }

    String encode() {
      String text = createdAt + "|" + execId + "|" + (direction == Direction.OLDER ? "o" : "n");
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static Cursor decode(String text) {
      try {
        String[] parts =
            new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split("\\|", 3);
        // a cursor of before prev_cursor existed has no direction: it went to older ones
        Direction d =
            parts.length < 3 || parts[2].equals("o")
                ? Direction.OLDER
                : parts[2].equals("n") ? Direction.NEWER : null;
        if (d == null) {
          throw new IllegalArgumentException(parts[2]);
        }
        return new Cursor(Instant.parse(parts[0]), parts[1], d);
      } catch (RuntimeException e) {
        throw ApiProblem.badRequest("invalid_cursor", "cursor is not one this API gave out")
            .with("field", "cursor");
      }
    }
  }

  static ExecutionQuery of(
      @Nullable String workflowId,
      @Nullable String status,
      @Nullable String createdAfter,
      @Nullable String createdBefore,
      @Nullable String limit,
      @Nullable String cursor) {
    ExecutionStatus wanted = null;
    if (status != null) {
      // Compozy's clients write SUCCESS, FAILED, …
      wanted =
          ExecutionStatus.parse(status.toLowerCase(Locale.ROOT))
              .orElseThrow(
                  () ->
                      ApiProblem.badRequest(
                          "invalid_parameter",
                          "status must be one of "
                              + Arrays.stream(ExecutionStatus.values())
                                  .map(ExecutionStatus::wireName)
                                  .toList()
                              + ", got '"
                              + status
                              + "'"));
    }
    int n = 50;
    if (limit != null) {
      try {
        n = Integer.parseInt(limit);
      } catch (NumberFormatException e) {
        throw ApiProblem.badRequest(
            "invalid_parameter", "limit must be a number, got '" + limit + "'");
      }
      if (n < 1) {
        throw ApiProblem.badRequest("invalid_parameter", "limit must be at least 1, got " + n);
      }
    }
    return new ExecutionQuery(
        workflowId,
        wanted,
        instant("created_after", createdAfter),
        instant("created_before", createdBefore),
        Math.min(n, 500),
        cursor == null || cursor.isBlank() ? null : Cursor.decode(cursor));
  }

  private static @Nullable Instant instant(String name, @Nullable String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw ApiProblem.badRequest(
          "invalid_parameter",
          name + " must be an RFC 3339 time like 2026-01-15T10:30:00Z, got '" + value + "'");
    }
  }
}
