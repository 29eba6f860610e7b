package io.compozy.workflow.engine;

import io.compozy.contracts.message.StepError;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The whole state of one execution as the orchestrator sees it. Immutable: every change makes a
 * new state. {@code eventSeq} numbers the events emitted so far, so event ids are deterministic.
 */
public record ExecutionState(
    String execId,
    String workflowId,
    ExecutionStatus status,
    Map<String, Object> input,
    @Nullable Object output,
    @Nullable StepError error,
    Map<String, TaskState> tasks,
    long eventSeq,
    Instant createdAt,
    Instant updatedAt) {

  public ExecutionState {
    tasks = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tasks));
  }

  /** The state of an execution whose row exists but that the orchestrator has not started. */
  public static ExecutionState pending(String execId, String workflowId, Map<String, Object> input, Instant createdAt) {
    return new ExecutionState(execId, workflowId, ExecutionStatus.PENDING, input, null, null, Map.of(), 0, createdAt, createdAt);
  }

  ExecutionState withStatus(ExecutionStatus next, Instant now) {
    if (!status.canMoveTo(next)) {
      throw new IllegalStateException("execution " + execId + " cannot move from " + status + " to " + next);
    }
    return new ExecutionState(execId, workflowId, next, input, output, error, tasks, eventSeq, createdAt, now);
  }

  ExecutionState withTask(TaskState task, Instant now) {
    Map<String, TaskState> next = new LinkedHashMap<>(tasks);
    next.put(task.taskId(), task);
    return new ExecutionState(execId, workflowId, status, input, output, error, next, eventSeq, createdAt, now);
  }

  ExecutionState finished(ExecutionStatus end, @Nullable Object out, @Nullable StepError err, Instant now) {
    ExecutionState s = withStatus(end, now);
    return new ExecutionState(execId, workflowId, end, input, out, err, s.tasks(), eventSeq, createdAt, now);
  }

  ExecutionState withEventSeq(long seq) {
    return new ExecutionState(execId, workflowId, status, input, output, error, tasks, seq, createdAt, updatedAt);
  }
}
