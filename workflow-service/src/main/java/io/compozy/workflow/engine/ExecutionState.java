package io.compozy.workflow.engine;

import io.compozy.contracts.execution.ExecutionStatus;
import io.compozy.contracts.json.Json;
import io.compozy.contracts.message.StepError;
import io.compozy.contracts.message.StepSucceeded;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The whole state of one execution as the orchestrator sees it. Immutable: every change makes a new
 * state. {@code eventSeq} numbers the events emitted so far, so event ids are deterministic; {@code
 * timers} are the timers set and not yet fired or canceled; {@code deferred} is the work a pause
 * held back, in order; {@code signals} are signals no wait task has taken yet.
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
    Instant updatedAt,
    Set<String> timers,
    List<DeferredWork> deferred,
    List<ReceivedSignal> signals) {

  /**
   * Tokens spent by every agent step of the execution, by {@code provider:model}; null when none
   * ran.
   */
  public @Nullable Map<String, StepSucceeded.Usage> totalUsage() {
    Map<String, StepSucceeded.Usage> total = new LinkedHashMap<>();
    for (TaskState t : tasks.values()) {
      if (t.usage() instanceof Map<?, ?> byModel) {
        byModel.forEach(
            (model, u) ->
                total.merge(
                    String.valueOf(model),
                    Json.MAPPER.convertValue(u, StepSucceeded.Usage.class),
                    StepSucceeded.Usage::plus));
      }
    }
    return total.isEmpty() ? null : total;
  }

  /** A signal as a wait task sees it. */
  public record ReceivedSignal(String name, @Nullable Object payload, Instant receivedAt) {}

  public ExecutionState {
    tasks = Collections.unmodifiableMap(new LinkedHashMap<>(tasks));
    timers = timers == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(timers));
    deferred = deferred == null ? List.of() : List.copyOf(deferred);
    signals = signals == null ? List.of() : List.copyOf(signals);
  }

  /** The state of an execution whose row exists but that the orchestrator has not started. */
  public static ExecutionState pending(
      String execId, String workflowId, Map<String, Object> input, Instant createdAt) {
    return new ExecutionState(
        execId,
        workflowId,
        ExecutionStatus.PENDING,
        input,
        null,
        null,
        Map.of(),
        0,
        createdAt,
        createdAt,
        Set.of(),
        List.of(),
        List.of());
  }

  ExecutionState withStatus(ExecutionStatus next, Instant now) {
    if (next == status) {
      return this;
    }
    if (!status.canMoveTo(next)) {
      throw new IllegalStateException(
          "execution " + execId + " cannot move from " + status + " to " + next);
    }
    return new ExecutionState(
        execId,
        workflowId,
        next,
        input,
        output,
        error,
        tasks,
        eventSeq,
        createdAt,
        now,
        timers,
        deferred,
        signals);
  }

  ExecutionState withTask(TaskState task, Instant now) {
    Map<String, TaskState> next = new LinkedHashMap<>(tasks);
    next.put(task.path(), task);
    return new ExecutionState(
        execId,
        workflowId,
        status,
        input,
        output,
        error,
        next,
        eventSeq,
        createdAt,
        now,
        timers,
        deferred,
        signals);
  }

  ExecutionState finished(
      ExecutionStatus end, @Nullable Object out, @Nullable StepError err, Instant now) {
    ExecutionState s = withStatus(end, now);
    return new ExecutionState(
        execId,
        workflowId,
        end,
        input,
        out,
        err,
        s.tasks(),
        eventSeq,
        createdAt,
        now,
        timers,
        deferred,
        signals);
  }

  ExecutionState withEventSeq(long seq) {
    return new ExecutionState(
        execId,
        workflowId,
        status,
        input,
        output,
        error,
        tasks,
        seq,
        createdAt,
        updatedAt,
        timers,
        deferred,
        signals);
  }

  ExecutionState withTimers(Set<String> t) {
    return new ExecutionState(
        execId,
        workflowId,
        status,
        input,
        output,
        error,
        tasks,
        eventSeq,
        createdAt,
        updatedAt,
        t,
        deferred,
        signals);
  }

  ExecutionState withDeferred(List<DeferredWork> d) {
    return new ExecutionState(
        execId,
        workflowId,
        status,
        input,
        output,
        error,
        tasks,
        eventSeq,
        createdAt,
        updatedAt,
        timers,
        d,
        signals);
  }

  ExecutionState withSignals(List<ReceivedSignal> s) {
    return new ExecutionState(
        execId,
        workflowId,
        status,
        input,
        output,
        error,
        tasks,
        eventSeq,
        createdAt,
        updatedAt,
        timers,
        deferred,
        s);
  }

  static <T> List<T> plus(List<T> list, T item) {
    List<T> out = new ArrayList<>(list);
    out.add(item);
    return out;
  }
}
