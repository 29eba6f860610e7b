package io.compozy.execution.worker;

import io.compozy.contracts.execution.ExecutionStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The answers of Compozy's {@code cp__call_*} built-ins, made from a child execution's end ({@code
 * exec_id}, {@code status}, {@code output}, {@code error}): {@code success}, the ids, the output
 * ({@code response} for agents), {@code error} as {@code {code, message}} and {@code duration_ms};
 * the plural tools add {@code total_count}, {@code success_count}, {@code failure_count} and {@code
 * total_duration_ms}. Pure.
 */
final class ChildCalls {
  /** What is being called: a workflow, a stored task or an agent. */
  enum Kind {
    WORKFLOW,
    TASK,
    AGENT
  }

  private ChildCalls() {}

  static Map<String, Object> answer(
      Kind kind, String id, @Nullable String actionId, Map<String, Object> end, long durationMs) {
    String status = String.valueOf(end.get("status"));
    boolean success = ExecutionStatus.SUCCESS.wireName().equals(status);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("success", success);
    switch (kind) {
      case WORKFLOW -> {
        out.put("workflow_id", id);
        out.put("workflow_exec_id", end.get("exec_id"));
        out.put(
            "status",
            status.toUpperCase(Locale.ROOT)); // Compozy's SUCCESS, FAILED, TIMED_OUT, CANCELED
      }
      case TASK -> out.put("task_id", id);
      case AGENT -> {
        out.put("agent_id", id);
        if (actionId != null) {
          out.put("action_id", actionId);
        }
      }
    }
    out.put("exec_id", end.get("exec_id"));
    out.put("output", end.get("output"));
    if (kind == Kind.AGENT) {
      out.put("response", end.get("output"));
    }
    if (!success) {
      out.put("error", error(end.get("error"), status));
    }
    out.put("duration_ms", durationMs);
    return out;
  }

  /**
   * A call that could not start (bad input, unknown id, no time left), as one failed result of a
   * plural call.
   */
  static Map<String, Object> refused(
      Kind kind, @Nullable Object id, ToolFailure f, long durationMs) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("success", false);
    out.put(
        switch (kind) {
          case WORKFLOW -> "workflow_id";
          case TASK -> "task_id";
          case AGENT -> "agent_id";
        },
        id == null ? "" : String.valueOf(id));
    out.put("error", Map.of("code", f.type(), "message", String.valueOf(f.getMessage())));
    out.put("duration_ms", durationMs);
    return out;
  }

  static Map<String, Object> summary(List<Map<String, Object>> results, long totalMs) {
    long ok = results.stream().filter(r -> Boolean.TRUE.equals(r.get("success"))).count();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("results", new ArrayList<>(results));
    out.put("total_count", results.size());
    out.put("success_count", ok);
    out.put("failure_count", results.size() - ok);
    out.put("total_duration_ms", totalMs);
    return out;
  }

  private static Map<String, Object> error(@Nullable Object error, String status) {
    if (error instanceof Map<?, ?> e) {
      return Map.of(
          "code", String.valueOf(e.get("type")), "message", String.valueOf(e.get("message")));
    }
    return Map.of("code", status, "message", "the child execution ended " + status);
  }
}
