package io.compozy.scheduler.schedule;

import io.compozy.contracts.dsl.OverlapPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a due schedule does now, with no I/O: which missed times it fires, and what overlap allows.
 */
public final class FireDecision {
  private FireDecision() {}

  /**
   * After downtime: fire {@code once} for the missed window (default), {@code none} of it, or
   * {@code all} of it (capped).
   */
  public enum CatchUp {
    ONCE,
    NONE,
    ALL
  }

  /**
   * The scheduled times to fire now, oldest first. A time within {@code grace} of now is on time;
   * older ones were missed and follow the catch-up rule.
   */
  public static List<Instant> toFire(
      List<Instant> due, Instant now, Duration grace, CatchUp catchUp) {
    List<Instant> onTime = due.stream().filter(t -> !t.isBefore(now.minus(grace))).toList();
    List<Instant> missed = due.stream().filter(t -> t.isBefore(now.minus(grace))).toList();
    List<Instant> out = new ArrayList<>();
    switch (catchUp) {
      case ALL -> out.addAll(missed);
      case ONCE -> {
        if (!missed.isEmpty() && onTime.isEmpty()) {
          out.add(missed.getLast());
        }
      }
      case NONE -> {}
    }
    out.addAll(onTime);
    return out;
  }

  /** What to do with a run when the previous one may still be going. */
  public enum Action {
    START,
    SKIP,
    BUFFER,
    CANCEL_PREVIOUS_AND_START
  }

  public static Action overlap(OverlapPolicy policy, boolean previousRunning) {
    if (!previousRunning) {
      return Action.START;
    }
    return switch (policy) {
      case SKIP -> Action.SKIP;
      case ALLOW -> Action.START;
      case BUFFER_ONE -> Action.BUFFER;
      case CANCEL_OTHER -> Action.CANCEL_PREVIOUS_AND_START;
    };
  }
}
