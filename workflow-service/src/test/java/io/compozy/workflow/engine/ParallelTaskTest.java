package io.compozy.workflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.compozy.contracts.execution.ExecutionStatus;
import io.compozy.contracts.execution.TaskStatus;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A parallel task: its strategies, its limit of workers, its timeout. */
class ParallelTaskTest {
  static final String PARALLEL =
      """
      id: fan
      tasks:
        - id: both
          type: parallel
          strategy: %s
          %s
          tasks:
            - { id: a, tool: work, retries: 1 }
            - { id: b, tool: work, retries: 1 }
            - { id: c, tool: work, retries: 1 }
      """;

  static Scenario parallel(String strategy) {
    return parallel(strategy, "");
  }

  static Scenario parallel(String strategy, String extra) {
    return Scenario.of(PARALLEL.formatted(strategy, extra)).start();
  }

  @Test
  void waitAllRunsEveryChildAndOutputsTheirOutputsById() {
    Scenario s = parallel("wait_all");
    assertThat(s.dispatchedPaths()).containsExactly("both/a", "both/b", "both/c");
    s.succeed("both/c", 3).succeed("both/a", 1);
    assertThat(s.status()).isEqualTo(ExecutionStatus.RUNNING);
    s.succeed("both/b", 2);
    assertThat(s.status()).isEqualTo(ExecutionStatus.SUCCESS);
    assertThat(s.task("both").output()).isEqualTo(Map.of("a", 1, "b", 2, "c", 3));
    assertThat(s.state().output()).isEqualTo(Map.of("a", 1, "b", 2, "c", 3));
  }

  @Test
  void waitAllFailsAfterEveryChildEndsWhenOneFailed() {
    Scenario s = parallel("wait_all").fail("both/a", "tool_error", false).succeed("both/b", 2);
    assertThat(s.status()).isEqualTo(ExecutionStatus.RUNNING);
    s.succeed("both/c", 3);
    assertThat(s.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(s.state().error().message()).contains("1 of 3 tasks failed").contains("both/a");
  }

  @Test
  void failFastCancelsTheOthersAtTheFirstFailure() {
    Scenario s = parallel("fail_fast").fail("both/b", "tool_error", false);
    assertThat(s.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(s.task("both/a").status()).isEqualTo(TaskStatus.CANCELED);
    assertThat(s.task("both/c").status()).isEqualTo(TaskStatus.CANCELED);
    // a late result of a canceled child changes nothing
    ExecutionState before = s.state();
    s.succeed("both/a", 1);
    assertThat(s.state()).isEqualTo(before);
  }

  @Test
  void bestEffortSucceedsDespiteFailures() {
    Scenario s =
        parallel("best_effort")
            .fail("both/a", "tool_error", false)
            .succeed("both/b", 2)
            .succeed("both/c", 3);
    assertThat(s.status()).isEqualTo(ExecutionStatus.SUCCESS);
    assertThat(s.task("both").output())
        .isEqualTo(
            new HashMap<>(Map.of("b", 2, "c", 3)) {
              {
                put("a", null);
              }
            });
  }

  @Test
  void raceTakesTheFirstSuccessAndCancelsTheRest() {
    Scenario s = parallel("race").fail("both/a", "tool_error", false);
    assertThat(s.status()).isEqualTo(ExecutionStatus.RUNNING);
    s.succeed("both/c", "winner");
    assertThat(s.status()).isEqualTo(ExecutionStatus.SUCCESS);
    assertThat(s.task("both").output()).isEqualTo(Map.of("c", "winner"));
    assertThat(s.task("both/b").status()).isEqualTo(TaskStatus.CANCELED);
  }

  @Test
  void maxWorkersBoundsHowManyRunAtOnce() {
    Scenario s = parallel("wait_all", "max_workers: 2");
    assertThat(s.dispatchedPaths()).containsExactly("both/a", "both/b");
    assertThat(s.task("both/c").status()).isEqualTo(TaskStatus.PENDING);
    s.succeed("both/a", 1);
    assertThat(s.dispatchedPaths()).containsExactly("both/a", "both/b", "both/c");
  }
}
