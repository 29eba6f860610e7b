package io.compozy.workflow.engine;

import io.compozy.contracts.dsl.Durations;
import io.compozy.contracts.dsl.TaskDef;
import io.compozy.contracts.dsl.WaitTask;
import io.compozy.contracts.execution.TaskStatus;
import io.compozy.contracts.message.StepError;
import io.compozy.contracts.message.TimerKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A wait task waits for the signal {@code wait_for} whose payload passes {@code condition}; a
 * signal that arrived before the wait began (or while its processor ran) is taken from the
 * execution's buffer. Its output is {@code {signal: {name, payload, received_at}}}. With a {@code
 * processor}, each signal of that name first runs the processor as the wait's child ({@code
 * .signal} in its templates); the condition then also sees {@code processor.output}, and the wait's
 * output is the processor's. On {@code timeout} it goes to {@code on_timeout} (output {@code
 * {timed_out: true}}) or fails with a timeout.
 */
final class WaitTaskBehavior implements TaskBehavior {
  @Override
  public void enter(DecisionRun run, TaskDef def, TaskState self) {
    WaitTask task = (WaitTask) def;
    if (!takeBuffered(run, task, self.path()) && task.timeout() != null) {
      run.setTimer(
          TimerKind.WAIT_TIMEOUT, self.path(), self.attempt(), Durations.parse(task.timeout()));
    }
  }

  /** Waits again, taking the first buffered signal that applies; true when one was taken. */
  private static boolean takeBuffered(DecisionRun run, WaitTask task, String path) {
    run.put(run.task(path).with(TaskStatus.WAITING, run.now));
    List<ExecutionState.ReceivedSignal> buffered = new ArrayList<>(run.state().signals());
    for (ExecutionState.ReceivedSignal s : buffered) {
      if (accepts(run, task, run.task(path), s)) {
        buffered.remove(s);
        run.setSignals(buffered);
        receive(run, task, path, s);
        return true;
      }
    }
    return false;
  }

  /** Offers a signal to every waiting wait task, in order; true when one took it. */
  boolean offer(DecisionRun run, ExecutionState.ReceivedSignal signal) {
    for (TaskState t : List.copyOf(run.state().tasks().values())) {
      if (t.status() == TaskStatus.WAITING
          && run.def(t) instanceof WaitTask w
          && accepts(run, w, t, signal)) {
        receive(run, w, t.path(), signal);
        return true;
      }
    }
    return false;
  }

  @Override
  public void onChildDone(DecisionRun run, TaskDef def, TaskState self, TaskState child) {
    WaitTask task = (WaitTask) def;
    if (child.status() != TaskStatus.SUCCESS && child.status() != TaskStatus.SKIPPED) {
      StepError e = child.error();
      run.complete(
          self.path(),
          TaskStatus.FAILED,
          null,
          new StepError(
              e == null ? "task_failed" : e.type(),
              "wait '"
                  + task.id()
                  + "': processor '"
                  + child.path()
                  + "' failed: "
                  + (e == null ? child.status().wireName() : e.message())));
      return;
    }
    Map<String, Object> processor = new LinkedHashMap<>();
    processor.put("output", child.output());
    if (passes(run, task, self, child.vars().get("signal"), processor)) {
      run.complete(self.path(), TaskStatus.SUCCESS, child.output(), null);
    } else {
      takeBuffered(run, task, self.path());
    }
  }

  void timedOut(DecisionRun run, TaskState t) {
    WaitTask task = (WaitTask) run.def(t);
    run.cancelSubtree(t.path());
    if (task.onTimeout() != null && t.parent() == null) {
      run.put(run.task(t.path()).withNext(task.onTimeout()));
      run.complete(t.path(), TaskStatus.SUCCESS, Map.of("timed_out", true), null);
    } else {
      run.complete(
          t.path(),
          TaskStatus.FAILED,
          null,
          StepError.timeout(
              "wait '"
                  + task.id()
                  + "' got no '"
                  + task.waitFor()
                  + "' signal within "
                  + task.timeout()));
    }
  }

  /**
   * The signal's name matches, and (without a processor, which decides after it ran) its condition
   * passes.
   */
  private static boolean accepts(
      DecisionRun run, WaitTask task, TaskState t, ExecutionState.ReceivedSignal s) {
    if (!task.waitFor().equals(s.name())) {
      return false;
    }
    return task.processor() != null || passes(run, task, t, view(s), null);
  }

  private static boolean passes(
      DecisionRun run,
      WaitTask task,
      TaskState t,
      @Nullable Object signal,
      @Nullable Map<String, Object> processor) {
    if (task.condition() == null) {
      return true;
    }
    Map<String, Object> scope = new LinkedHashMap<>(run.scope(t));
    scope.put("signal", signal);
    if (processor != null) {
      scope.put("processor", processor);
    }
    try {
      return run.expressions.test(task.condition(), scope, "wait '" + task.id() + "' condition");
    } catch (Expressions.Failure f) {
      return false; // a signal the condition cannot judge is not the awaited one
    }
  }

  private static void receive(
      DecisionRun run, WaitTask task, String path, ExecutionState.ReceivedSignal s) {
    if (task.processor() == null) {
      run.complete(path, TaskStatus.SUCCESS, Map.of("signal", view(s)), null);
      return;
    }
    String child = path + "/" + task.processor().id();
    run.put(run.task(path).with(TaskStatus.RUNNING, run.now).withChildren(List.of(child)));
    run.enter(task.processor(), child, path, Map.of("signal", view(s)));
  }

  private static Map<String, Object> view(ExecutionState.ReceivedSignal s) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("name", s.name());
    v.put("payload", s.payload());
    v.put("received_at", s.receivedAt().toString());
    return v;
  }
}
