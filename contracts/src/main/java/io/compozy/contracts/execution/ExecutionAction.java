package io.compozy.contracts.execution;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What a client may ask of an execution, each allowed from the statuses the move table lets it act
 * on: cancel and pause where the execution can still move to canceled or paused, resume only from
 * paused, a signal while the execution is not finished (a paused one keeps it for later).
 */
public enum ExecutionAction {
  CANCEL(s -> s.canMoveTo(ExecutionStatus.CANCELED)),
  PAUSE(s -> s.canMoveTo(ExecutionStatus.PAUSED)),
  RESUME(s -> s == ExecutionStatus.PAUSED),
  SIGNAL(s -> !s.isFinished());

  private final Predicate<ExecutionStatus> allowed;

  ExecutionAction(Predicate<ExecutionStatus> allowed) {
    this.allowed = allowed;
  }

  public boolean isAllowedFrom(ExecutionStatus status) {
    return allowed.test(status);
  }

  /** The actions an execution in {@code status} allows, for a client to offer. */
  public static Set<ExecutionAction> allowedFrom(ExecutionStatus status) {
    EnumSet<ExecutionAction> out = EnumSet.noneOf(ExecutionAction.class);
    for (ExecutionAction a : values()) {
      if (a.isAllowedFrom(status)) {
        out.add(a);
      }
    }
    return out;
  }

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
