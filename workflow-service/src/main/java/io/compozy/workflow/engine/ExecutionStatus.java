package io.compozy.workflow.engine;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The eight statuses of API.md, and the one table of legal moves between them. */
public enum ExecutionStatus {
  PENDING,
  RUNNING,
  WAITING,
  PAUSED,
  SUCCESS,
  FAILED,
  TIMED_OUT,
  CANCELED;

  static final Map<ExecutionStatus, Set<ExecutionStatus>> LEGAL_MOVES =
      new EnumMap<>(ExecutionStatus.class);

  static {
    Set<ExecutionStatus> ends = EnumSet.of(SUCCESS, FAILED, TIMED_OUT, CANCELED);
    LEGAL_MOVES.put(PENDING, union(EnumSet.of(RUNNING), EnumSet.of(FAILED, CANCELED)));
    LEGAL_MOVES.put(RUNNING, union(EnumSet.of(WAITING, PAUSED), ends));
    LEGAL_MOVES.put(WAITING, union(EnumSet.of(RUNNING, PAUSED), ends));
    LEGAL_MOVES.put(PAUSED, EnumSet.of(RUNNING, CANCELED));
    for (ExecutionStatus end : ends) {
      LEGAL_MOVES.put(end, EnumSet.noneOf(ExecutionStatus.class));
    }
  }

  private static Set<ExecutionStatus> union(Set<ExecutionStatus> a, Set<ExecutionStatus> b) {
    EnumSet<ExecutionStatus> out = EnumSet.copyOf(a);
    out.addAll(b);
    return out;
  }

  /** Every legal move, as {@code FROM->TO}; a test checks each one is exercised. */
  static List<String> legalMoves() {
    List<String> out = new ArrayList<>();
    LEGAL_MOVES.forEach((from, tos) -> tos.forEach(to -> out.add(from + "->" + to)));
    return out;
  }

  public boolean canMoveTo(ExecutionStatus next) {
    return LEGAL_MOVES.get(this).contains(next);
  }

  public boolean isFinished() {
    return LEGAL_MOVES.get(this).isEmpty();
  }

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ExecutionStatus fromWire(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
