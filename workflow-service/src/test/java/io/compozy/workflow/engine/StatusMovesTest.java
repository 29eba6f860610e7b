package io.compozy.workflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.compozy.contracts.execution.ExecutionStatus;
import io.compozy.contracts.execution.ExecutionStatus.Move;
import io.compozy.contracts.message.TimerKind;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Walks the move table of {@link ExecutionStatus}: each legal move has a scenario that makes it,
 * and no scenario makes a move the table does not hold. A move added to the table without a
 * scenario, or a move the decider makes outside the table, fails here.
 */
class StatusMovesTest {
  private static final String CALL =
      """
      id: w
      tasks:
        - id: call
          tool: work
          config: { schedule_to_close_timeout: 1m }
      """;
  private static final String HOLD_THEN_CALL =
      """
      id: w
      tasks:
        - { id: hold, type: wait, wait_for: go, timeout: 1m }
        - { id: call, tool: work }
      """;
  private static final String CALL_THEN_HOLD =
      """
      id: w
      tasks:
        - { id: call, tool: work }
        - { id: hold, type: wait, wait_for: go, timeout: 1m }
      """;

  /** The scenario that makes each move; the move is the last one it makes. */
  private static final Map<Move, Supplier<Scenario>> SCENARIOS = new LinkedHashMap<>();

  static {
    on(ExecutionStatus.PENDING, ExecutionStatus.RUNNING, () -> Scenario.of(CALL).start());
    on(ExecutionStatus.PENDING, ExecutionStatus.FAILED, () -> Scenario.of(CALL).abandon());
    on(ExecutionStatus.PENDING, ExecutionStatus.CANCELED, () -> Scenario.of(CALL).cancel());
    on(
        ExecutionStatus.RUNNING,
        ExecutionStatus.WAITING,
        () -> Scenario.of(CALL_THEN_HOLD).start().succeed("call", 1));
    on(ExecutionStatus.RUNNING, ExecutionStatus.PAUSED, () -> Scenario.of(CALL).start().pause());
    on(
        ExecutionStatus.RUNNING,
        ExecutionStatus.SUCCESS,
        () -> Scenario.of(CALL).start().succeed("call", 1));
    on(
        ExecutionStatus.RUNNING,
        ExecutionStatus.FAILED,
        () -> Scenario.of(CALL).start().fail("call", "tool_error", false));
    on(
        ExecutionStatus.RUNNING,
        ExecutionStatus.TIMED_OUT,
        () -> Scenario.of(CALL).start().fire(TimerKind.DEADLINE, "call"));
    on(ExecutionStatus.RUNNING, ExecutionStatus.CANCELED, () -> Scenario.of(CALL).start().cancel());
    on(
        ExecutionStatus.WAITING,
        ExecutionStatus.RUNNING,
        () -> Scenario.of(HOLD_THEN_CALL).start().signal("go", Map.of()));
    on(
        ExecutionStatus.WAITING,
        ExecutionStatus.PAUSED,
        () -> Scenario.of(HOLD_THEN_CALL).start().pause());
    on(
        ExecutionStatus.WAITING,
        ExecutionStatus.SUCCESS,
        () -> Scenario.of(CALL_THEN_HOLD).start().succeed("call", 1).signal("go", Map.of()));
    on(
        ExecutionStatus.WAITING,
        ExecutionStatus.FAILED,
        () -> Scenario.of(HOLD_THEN_CALL).start().abandon());
    on(
        ExecutionStatus.WAITING,
        ExecutionStatus.TIMED_OUT,
        () -> Scenario.of(HOLD_THEN_CALL).start().fire(TimerKind.WAIT_TIMEOUT, "hold"));
    on(
        ExecutionStatus.WAITING,
        ExecutionStatus.CANCELED,
        () -> Scenario.of(HOLD_THEN_CALL).start().cancel());
    on(
        ExecutionStatus.PAUSED,
        ExecutionStatus.RUNNING,
        () -> Scenario.of(CALL).start().pause().resume());
    on(
        ExecutionStatus.PAUSED,
        ExecutionStatus.CANCELED,
        () -> Scenario.of(CALL).start().pause().cancel());
  }

  private static void on(ExecutionStatus from, ExecutionStatus to, Supplier<Scenario> scenario) {
    SCENARIOS.put(new Move(from, to), scenario);
  }

  static Stream<Move> legalMoves() {
    return ExecutionStatus.legalMoves().stream();
  }

  @Test
  void everyMoveOfTheTableHasAScenarioAndNoScenarioIsForAMoveOutsideIt() {
    assertThat(SCENARIOS.keySet())
        .containsExactlyInAnyOrderElementsOf(ExecutionStatus.legalMoves());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("legalMoves")
  void theDeciderMakesTheMove(Move move) {
    Scenario s = SCENARIOS.get(move).get();
    assertThat(s.moves()).as("the moves the events told").endsWith(move);
    assertThat(s.moves())
        .allSatisfy(m -> assertThat(m.from().canMoveTo(m.to())).as(m.toString()).isTrue());
  }

  @Test
  void aFinishedStatusAllowsNoMove() {
    for (ExecutionStatus end : ExecutionStatus.finished()) {
      for (ExecutionStatus next : ExecutionStatus.values()) {
        assertThat(end.canMoveTo(next)).as(end + "->" + next).isFalse();
      }
    }
    assertThat(ExecutionStatus.finished())
        .containsExactlyInAnyOrder(
            ExecutionStatus.SUCCESS,
            ExecutionStatus.FAILED,
            ExecutionStatus.TIMED_OUT,
            ExecutionStatus.CANCELED);
  }

  @Test
  void aFinishedExecutionIgnoresEveryFurtherInput() {
    Scenario done = Scenario.of(CALL).start().succeed("call", 1);
    int before = done.moves().size();
    done.cancel().pause().resume().signal("go", Map.of());
    assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCESS);
    assertThat(done.moves()).hasSize(before);
  }
}
