package io.compozy.contracts.execution;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The eight statuses of API.md, and the one table of legal moves between them: the orchestrator
 * makes no other move, and a status with no move out is finished.
 */
public enum ExecutionStatus {
  PENDING,
  RUNNING,
  WAITING,
  PAUSED,
  SUCCESS,
  FAILED,
  TIMED_OUT,
  CANCELED;

  /** A move from one status to another. */
  public record Move(ExecutionStatus from, ExecutionStatus to) {
    @Override
    public String toString() {
      return from + "->" + to;
    }
  }

  private static final Map<ExecutionStatus, Set<ExecutionStatus>> LEGAL_MOVES =
      new EnumMap<>(ExecutionStatus.class);

  static {
    Set<ExecutionStatus> ends = EnumSet.of(SUCCESS, FAILED, TIMED_OUT, CANCELED);
    LEGAL_MOVES.put(PENDING, EnumSet.of(RUNNING, FAILED, CANCELED));
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

  /** Every legal move, in the table's order. */
  public static List<Move> legalMoves() {
    List<Move> out = new ArrayList<>();
    LEGAL_MOVES.forEach((from, tos) -> tos.forEach(to -> out.add(new Move(from, to))));
    return out;
  }

  public boolean canMoveTo(ExecutionStatus next) {
    return LEGAL_MOVES.get(this).contains(next);
  }

  public boolean isFinished() {
    return LEGAL_MOVES.get(this).isEmpty();
  }

  /** The finished statuses, for a query that filters on them. */
  public static Set<ExecutionStatus> finished() {
    EnumSet<ExecutionStatus> out = EnumSet.noneOf(ExecutionStatus.class);
    for (ExecutionStatus s : values()) {
      if (s.isFinished()) {
        out.add(s);
      }
    }
    return out;
  }

  /** The statuses of an execution not finished yet (it may still run, wait or be paused). */
  public static Set<ExecutionStatus> unfinished() {
    return EnumSet.complementOf(EnumSet.copyOf(finished()));
  }

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static ExecutionStatus fromWire(String value) {
    return parse(value)
        .orElseThrow(() -> new IllegalArgumentException("unknown execution status: " + value));
  }

  /** The status a client named, if it names one ({@code success}, {@code timed_out}, …). */
  public static Optional<ExecutionStatus> parse(String value) {
    return Arrays.stream(values()).filter(s -> s.wireName().equals(value)).findFirst();
  }
}
