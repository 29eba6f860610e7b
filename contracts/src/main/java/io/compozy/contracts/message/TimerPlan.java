package io.compozy.contracts.message;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The net effect of timer changes applied in order, as one delete and one insert: {@code cancel}
 * holds every timer canceled along the way (deleted first, unless it already fired), {@code set}
 * the first request after a timer's last cancellation when the timer ends up requested (an insert
 * that keeps a timer already stored). Applying the plan leaves the store as applying the changes
 * one by one would.
 */
public record TimerPlan(Set<String> cancel, List<TimerMessage.TimerRequested> set) {
  public TimerPlan {
    cancel = Set.copyOf(cancel);
    set = List.copyOf(set);
  }

  public static TimerPlan of(List<? extends TimerMessage> messages) {
    Set<String> cancel = new LinkedHashSet<>();
    Map<String, TimerMessage.TimerRequested> pending = new LinkedHashMap<>();
    for (TimerMessage.TimerChange change : flatten(messages)) {
      switch (change) {
        case TimerMessage.TimerCanceled c -> {
          cancel.add(c.timerId());
          pending.remove(c.timerId());
        }
        case TimerMessage.TimerRequested r -> pending.putIfAbsent(r.timerId(), r);
      }
    }
    return new TimerPlan(cancel, new ArrayList<>(pending.values()));
  }

  /** The single changes of {@code messages}, batches opened, in order. */
  public static List<TimerMessage.TimerChange> flatten(List<? extends TimerMessage> messages) {
    List<TimerMessage.TimerChange> out = new ArrayList<>();
    for (TimerMessage m : messages) {
      switch (m) {
        case TimerMessage.TimerChange c -> out.add(c);
        case TimerMessage.TimerChanges batch -> out.addAll(batch.changes());
      }
    }
    return out;
  }

  public boolean isEmpty() {
    return cancel.isEmpty() && set.isEmpty();
  }
}
