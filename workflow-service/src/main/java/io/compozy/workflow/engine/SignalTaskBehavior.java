package io.compozy.workflow.engine;

import io.compozy.contracts.dsl.SignalTask;
import io.compozy.contracts.dsl.TaskDef;
import io.compozy.contracts.execution.TaskStatus;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A signal task publishes a CloudEvent (structured mode) on {@code compozy.events} whose type is
 * the signal id; workflows whose triggers name it start. Its output is {@code {signal_id,
 * event_id}}.
 */
final class SignalTaskBehavior implements TaskBehavior {
  @Override
  public void enter(DecisionRun run, TaskDef def, TaskState self) {
    SignalTask task = (SignalTask) def;
    Object payload =
        run.expressions.render(
            task.signal().payload(), run.scope(self), "task '" + def.id() + "' signal payload");
    String eventId = run.state().execId() + "/" + self.path() + "/" + self.attempt();
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("specversion", "1.0");
    event.put("id", eventId);
    event.put("source", "compozy/executions/" + run.state().execId());
    event.put("type", task.signal().id());
    event.put("time", run.now.toString());
    event.put("datacontenttype", "application/json");
    if (payload != null) {
      event.put("data", payload);
    }
    run.effect(new Effect.PublishEvent(eventId, event));
    run.complete(
        self.path(),
        TaskStatus.SUCCESS,
        Map.of("signal_id", task.signal().id(), "event_id", eventId),
        null);
  }
}
