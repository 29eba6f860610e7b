package io.compozy.cli.watch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An execution's tasks as its events tell them, drawn as a tree: {@code fan/a} under {@code fan},
 * {@code each[2]} under {@code each}, in the order they first appeared, with a progress line.
 */
public final class TaskTree {
  private final String workflowId;
  private final Map<String, String> status = new LinkedHashMap<>();
  private final Map<String, Integer> attempts = new LinkedHashMap<>();
  private String workflowStatus = "pending";

  public TaskTree(String workflowId) {
    this.workflowId = workflowId;
  }

  public void task(String path, String newStatus, @Nullable Integer attempt) {
    status.put(path, newStatus);
    if (attempt != null) {
      attempts.put(path, attempt);
    }
  }

  public void workflow(String newStatus) {
    workflowStatus = newStatus;
  }

  public String workflowStatus() {
    return workflowStatus;
  }

  public @Nullable String taskStatus(String path) {
    return status.get(path);
  }

  /**
   * The container a task path is in: {@code fan} for {@code fan/a}, {@code each} for {@code
   * each[2]}, null at the top.
   */
  static @Nullable String parent(String path) {
    if (path.endsWith("]") && path.lastIndexOf('[') > path.lastIndexOf('/')) {
      return path.substring(0, path.lastIndexOf('['));
    }
    int slash = path.lastIndexOf('/');
    return slash < 0 ? null : path.substring(0, slash);
  }

  /**
   * The progress line: how many tasks are done, running, waiting or failed, and the time so far.
   */
  public String progress(Duration elapsed) {
    long done = count("success") + count("skipped");
    long failed = count("failed") + count("timed_out") + count("canceled");
    return String.format(
        "%s %s · %d of %d tasks done, %d running, %d waiting, %d failed · %.1fs",
        workflowId,
        workflowStatus,
        done,
        status.size(),
        count("running"),
        count("waiting"),
        failed,
        elapsed.toMillis() / 1000.0);
  }

  private long count(String s) {
    return status.values().stream().filter(s::equals).count();
  }

  /** The tree, one task per line: {@code ├─ name status}. */
  public List<String> render() {
    List<String> lines = new ArrayList<>();
    draw(null, "", lines);
    return lines;
  }

  private void draw(@Nullable String parent, String indent, List<String> lines) {
    List<String> children =
        status.keySet().stream().filter(p -> Objects.equals(parent(p), parent)).toList();
    // a task whose container has no event of its own still shows, at the top
    if (parent == null) {
      children =
          status.keySet().stream()
              .filter(p -> parent(p) == null || !status.containsKey(parent(p)))
              .toList();
    }
    for (int i = 0; i < children.size(); i++) {
      String path = children.get(i);
      boolean last = i == children.size() - 1;
      String name =
          parent == null
              ? path
              : path.substring(parent.length() + (path.charAt(parent.length()) == '/' ? 1 : 0));
      Integer attempt = attempts.get(path);
      lines.add(
          indent
              + (last ? "└─ " : "├─ ")
              + name
              + "  "
              + status.get(path)
              + (attempt != null && attempt > 1 ? " (attempt " + attempt + ")" : ""));
      draw(path, indent + (last ? "   " : "│  "), lines);
    }
  }
}
