package io.compozy.workflow.engine;

import io.compozy.contracts.execution.TaskStatus;
import io.compozy.contracts.message.StepError;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One task instance of an execution, addressed by its path: {@code shout} at the top level, {@code
 * fan/a} inside a container, {@code each[2]} for a collection's third item. {@code attempt} counts
 * dispatches from 1; {@code vars} holds the variables the instance adds to its scope (a
 * collection's item and index); {@code children} are a container's child paths in order; {@code
 * next} is the successor a router chose or a wait's {@code on_timeout}.
 */
public record TaskState(
    String path,
    String taskId,
    @Nullable String parent,
    TaskStatus status,
    @Nullable Object input,
    @Nullable Object output,
    @Nullable StepError error,
    int attempt,
    int firstAttempt,
    @Nullable Instant startedAt,
    @Nullable Instant endedAt,
    Map<String, Object> vars,
    List<String> children,
    @Nullable String next) {

  /** The variable holding a task's usage; the {@code $} keeps it out of templates. */
  static final String USAGE_VAR = "$usage";

  /** The variable holding the knowledge chunks a task's agent step read. */
  static final String KNOWLEDGE_VAR = "$knowledge";

  public TaskState {
    vars = vars == null ? Map.of() : vars;
    children = children == null ? List.of() : List.copyOf(children);
  }

  static TaskState pending(
      String path, String taskId, @Nullable String parent, Map<String, Object> vars) {
    return new TaskState(
        path,
        taskId,
        parent,
        TaskStatus.PENDING,
        null,
        null,
        null,
        0,
        0,
        null,
        null,
        vars,
        List.of(),
        null);
  }

  TaskState with(TaskStatus s, Instant now) {
    Instant start = startedAt == null ? now : startedAt;
    Instant end = s.isFinished() ? now : null;
    return new TaskState(
        path,
        taskId,
        parent,
        s,
        input,
        output,
        error,
        attempt,
        firstAttempt,
        start,
        end,
        vars,
        children,
        next);
  }

  TaskState withInput(@Nullable Object in) {
    return new TaskState(
        path,
        taskId,
        parent,
        status,
        in,
        output,
        error,
        attempt,
        firstAttempt,
        startedAt,
        endedAt,
        vars,
        children,
        next);
  }

  TaskState withOutput(@Nullable Object out) {
    return new TaskState(
        path,
        taskId,
        parent,
        status,
        input,
        out,
        error,
        attempt,
        firstAttempt,
        startedAt,
        endedAt,
        vars,
        children,
        next);
  }

  TaskState withError(@Nullable StepError err) {
    return new TaskState(
        path,
        taskId,
        parent,
        status,
        input,
        output,
        err,
        attempt,
        firstAttempt,
        startedAt,
        endedAt,
        vars,
        children,
        next);
  }

  TaskState withAttempt(int a) {
    return new TaskState(
        path,
        taskId,
        parent,
        status,
        input,
        output,
        error,
        a,
        firstAttempt,
        startedAt,
        endedAt,
        vars,
        children,
        next);
  }

  /** Attempts made since the task was (re-)entered, counting the current one. */
  int tries() {
    return attempt - firstAttempt + 1;
  }

  boolean isCollectionItem() {
    return path.endsWith("]");
  }

  TaskState withChildren(List<String> c) {
    return new TaskState(
        path,
        taskId,
        parent,
        status,
        input,
        output,
        error,
        attempt,
        firstAttempt,
        startedAt,
        endedAt,
        vars,
        c,
        next);
  }

  /** Tokens this task's agent step spent, by model; the execution's {@code usage} sums them. */
  TaskState withUsage(Object usage) {
    Map<String, Object> v = new LinkedHashMap<>(vars);
    v.put(USAGE_VAR, usage);
    return new TaskState(
        path,
        taskId,
        parent,
        status,
        input,
        output,
        error,
        attempt,
        firstAttempt,
        startedAt,
        endedAt,
        v,
        children,
        next);
  }

  public @Nullable Object usage() {
    return vars.get(USAGE_VAR);
  }

  /**
   * The knowledge chunks this task's agent step read (base, source, chunk, score), for the
   * execution's record.
   */
  TaskState withKnowledge(Object knowledge) {
    Map<String, Object> v = new LinkedHashMap<>(vars);
    v.put(KNOWLEDGE_VAR, knowledge);
    return new TaskState(
        path,
        taskId,
        parent,
        status,
        input,
        output,
        error,
        attempt,
        firstAttempt,
        startedAt,
        endedAt,
        v,
        children,
        next);
  }

  public @Nullable Object knowledge() {
    return vars.get(KNOWLEDGE_VAR);
  }

  TaskState withNext(@Nullable String n) {
    return new TaskState(
        path,
        taskId,
        parent,
        status,
        input,
        output,
        error,
        attempt,
        firstAttempt,
        startedAt,
        endedAt,
        vars,
        children,
        n);
  }
}
