package io.compozy.workflow.messaging;

import io.compozy.contracts.json.Json;
import io.compozy.contracts.message.TimerMessage;
import io.compozy.contracts.message.TimerPlan;
import io.compozy.contracts.topic.Topics;
import io.compozy.support.outbox.OutboxMessage;
import io.compozy.workflow.engine.Effect;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The timer changes one batch decided for one execution, sent as one {@code timer_changes} message
 * with their net effect: a timer set and canceled within the batch (a quick step) costs nothing,
 * and a cancellation is sent only for a timer the scheduler may hold (set before the batch).
 */
final class BatchTimers {
  private final Set<String> setBefore;
  private final List<TimerMessage.TimerChange> changes = new ArrayList<>();
  private String lastMessageId = "";

  /** {@code setBefore}: the execution's timers when the batch began. */
  BatchTimers(Set<String> setBefore) {
    this.setBefore = setBefore;
  }

  void add(Effect effect, String byMessageId) {
    switch (effect) {
      case Effect.SetTimer t ->
          changes.add(
              new TimerMessage.TimerRequested(
                  t.timerId(), t.fired().execId(), t.fireAt(), t.fired()));
      case Effect.CancelTimer t ->
          changes.add(new TimerMessage.TimerCanceled(t.timerId(), execIdOf(t.timerId())));
      default -> throw new IllegalArgumentException("not a timer effect: " + effect);
    }
    lastMessageId = byMessageId;
  }

  Optional<OutboxMessage> message(String execId) {
    TimerPlan plan = TimerPlan.of(changes);
    List<TimerMessage.TimerChange> net = new ArrayList<>();
    plan.cancel().stream()
        .filter(setBefore::contains)
        .forEach(id -> net.add(new TimerMessage.TimerCanceled(id, execId)));
    net.addAll(plan.set());
    if (net.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new OutboxMessage(
            Topics.TIMERS,
            execId,
            "timers:" + lastMessageId,
            Json.write(new TimerMessage.TimerChanges(execId, net))));
  }

  private static String execIdOf(String timerId) {
    return timerId.substring(0, timerId.indexOf('/'));
  }
}
