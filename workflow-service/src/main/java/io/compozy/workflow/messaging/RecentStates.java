package io.compozy.workflow.messaging;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.compozy.workflow.engine.ExecutionState;
import io.compozy.workflow.store.ExecutionStateStore.Loaded;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The states this instance wrote last, by execution, with the revision they got: a batch whose
 * executions are all here skips reading them. Trusting them is safe because a write applies only
 * over the revision it read: if another instance wrote an execution meanwhile (a partition came
 * back after a rebalance) or applied a message already, the write fails, the batch's executions are
 * forgotten here, and its messages are applied again from what Postgres holds.
 */
final class RecentStates {
  private final Cache<String, Loaded> states =
      Caffeine.newBuilder().maximumSize(2_000).expireAfterAccess(Duration.ofMinutes(5)).build();

  /** The states of all of {@code execIds}, or empty when any of them is not here. */
  Optional<Map<String, Loaded>> all(Collection<String> execIds) {
    Map<String, Loaded> found = new LinkedHashMap<>();
    for (String id : execIds) {
      Loaded l = states.getIfPresent(id);
      if (l == null) {
        return Optional.empty();
      }
      found.put(id, l);
    }
    return Optional.of(found);
  }

  /**
   * After a write: every execution read moved one revision on; those that changed hold their new
   * state.
   */
  void wrote(Map<String, Loaded> read, List<ExecutionState> changed) {
    Map<String, ExecutionState> next = new LinkedHashMap<>();
    read.forEach((id, l) -> next.put(id, l.state()));
    changed.forEach(s -> next.put(s.execId(), s));
    next.forEach(
        (id, state) -> {
          if (state.status().isFinished()) {
            states.invalidate(id); // a message after the end is rare: read it then
          } else {
            Loaded before = read.get(id);
            states.put(id, new Loaded(state, before.revision() + 1, before.pin()));
          }
        });
  }

  void forget(Collection<String> execIds) {
    states.invalidateAll(execIds);
  }
}
