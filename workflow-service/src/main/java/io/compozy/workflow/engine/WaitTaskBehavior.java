package io.compozy.workflow.engine;

import io.compozy.contracts.dsl.Durations;
import io.compozy.contracts.dsl.TaskDef;
import io.compozy.contracts.dsl.WaitTask;
import io.compozy.contracts.message.StepError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A wait task waits for the signal {@code wait_for} whose payload passes {@code condition}; a
 * signal that arrived before the wait began is taken from the execution's buffer. Its output is
 * {@code {signal: {name, payload, received_at}}}. On {@code timeout} it goes to {@code on_timeout}
 * (output {@code {timed_out: true}}) or fails with a timeout.
 */
final class WaitTaskBehavior implements TaskBehavior {
  @Override
  public void enter(DecisionRun run, TaskDef def, TaskState self) {
    WaitTask task = (WaitTask) def;
    if (task.processor() != null) {
      run.complete(self.path(), TaskStatus.FAILED, null, new StepError("not_supported",
          "wait '" + task.id() + "': signal processors are not supported yet"));
      return;
    }
    run.put(run.task(self.path()).with(TaskStatus.WAITING, run.now));
    List<ExecutionState.ReceivedSignal> buffered = new ArrayList<>(run.state().signals());
    for (ExecutionState.ReceivedSignal s : buffered) {
      if (accepts(run, task, run.task(self.path()), s)) {
        buffered.remove(s);
        run.setSignals(buffered);
        take(run, self.path(), s);
        return;
      }
    }
    if (task.timeout() != null) {
      run.setTimer("wait_timeout", self.path(), self.attempt(), Durations.parse(task.timeout()));
    }
  }

  /** Offers a signal to every waiting wait task, in order; true when one took it. */
  boolean offer(DecisionRun run, ExecutionState.ReceivedSignal signal) {
    for (TaskState t : List.copyOf(run.state().tasks().values())) {
      if (t.status() == TaskStatus.WAITING && run.def(t) instanceof WaitTask w && accepts(run, w, t, signal)) {
        take(run, t.path(), signal);
        return true;
      }
    }
    return false;
  }

  void timedOut(DecisionRun run, TaskState t) {
    WaitTask task = (WaitTask) run.def(t);
    if (task.onTimeout() != null && t.parent() == null) {
      run.put(t.withNext(task.onTimeout()));
      run.complete(t.path(), TaskStatus.SUCCESS, Map.of("timed_out", true), null);
    } else {
      run.complete(t.path(), TaskStatus.FAILED, null, new StepError("timeout",
          "wait '" + task.id() + "' got no '" + task.waitFor() + "' signal within " + task.timeout()));
    }
  }

  private static boolean accepts(DecisionRun run, WaitTask task, TaskState t, ExecutionState.ReceivedSignal s) {
    if (!task.waitFor().equals(s.name())) {
      return false;
    }
    if (task.condition() == null) {
      return true;
    }
    Map<String, Object> scope = new LinkedHashMap<>(run.scope(t));
    scope.put("signal", view(s));
    try {
      return run.expressions.test(task.condition(), scope, "wait '" + task.id() + "' condition");
    } catch (Expressions.Failure f) {
      return false; // a signal the condition cannot judge is not the awaited one
    }
  }

  private static void take(DecisionRun run, String path, ExecutionState.ReceivedSignal s) {
    run.complete(path, TaskStatus.SUCCESS, Map.of("signal", view(s)), null);
  }

  private static Map<String, Object> view(ExecutionState.ReceivedSignal s) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("name", s.name());
    v.put("payload", s.payload());
    v.put("received_at", s.receivedAt().toString());
    return v;
  }
}
