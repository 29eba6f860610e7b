package io.compozy.workflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.compozy.contracts.execution.ExecutionStatus;
import io.compozy.contracts.execution.TaskStatus;
import io.compozy.contracts.message.CancelExecution;
import io.compozy.contracts.message.TimerKind;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The constructs of DSL.md, each driven through the pure decision core. */
class EngineScenariosTest {

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

  @Nested
  class Parallel {
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

  @Nested
  class Composite {
    static final String YAML =
        """
        id: seq
        tasks:
          - id: steps
            type: composite
            strategy: %s
            tasks:
              - { id: one, tool: work, retries: 1 }
              - { id: two, tool: work, retries: 1 }
          - id: after
            type: aggregate
            outputs: { got: "{{ .tasks.steps.output.two }}" }
        """;

    @Test
    void runsChildrenInOrderThenGoesOn() {
      Scenario s = Scenario.of(YAML.formatted("fail_fast")).start();
      assertThat(s.dispatchedPaths()).containsExactly("steps/one");
      s.succeed("steps/one", "first");
      assertThat(s.dispatchedPaths()).containsExactly("steps/one", "steps/two");
      s.succeed("steps/two", "second");
      assertThat(s.status()).isEqualTo(ExecutionStatus.SUCCESS);
      assertThat(s.state().output()).isEqualTo(Map.of("got", "second"));
    }

    @Test
    void failFastStopsAtTheFirstFailure() {
      Scenario s =
          Scenario.of(YAML.formatted("fail_fast")).start().fail("steps/one", "tool_error", false);
      assertThat(s.status()).isEqualTo(ExecutionStatus.FAILED);
      assertThat(s.isDispatched("steps/two")).isFalse();
    }

    @Test
    void bestEffortGoesOnAfterAFailure() {
      Scenario s =
          Scenario.of(YAML.formatted("best_effort"))
              .start()
              .fail("steps/one", "tool_error", false)
              .succeed("steps/two", "x");
      assertThat(s.status()).isEqualTo(ExecutionStatus.SUCCESS);
    }
  }

  @Nested
  class Collection {
    static final String YAML =
        """
        id: each
        tasks:
          - id: per
            type: collection
            items: "{{ .workflow.input.list }}"
            filter: 'item != "skip"'
            item_var: word
            mode: %s
            task:
              id: shout
              tool: work
              retries: 1
              with: { text: "{{ .word }}", at: "{{ .index }}" }
        """;

    @Test
    void runsTheTaskPerItemAndKeepsItemOrder() {
      Scenario s =
          Scenario.of(YAML.formatted("parallel"))
              .start(Map.of("list", List.of("a", "skip", "b", "c")));
      assertThat(s.dispatchedPaths()).containsExactly("per[0]", "per[1]", "per[2]");
      assertThat(s.step("per[1]").input()).isEqualTo(Map.of("text", "b", "at", 2));
      s.succeed("per[2]", "C").succeed("per[0]", "A").succeed("per[1]", "B");
      assertThat(s.status()).isEqualTo(ExecutionStatus.SUCCESS);
      assertThat(s.task("per").output()).isEqualTo(List.of("A", "B", "C"));
    }

    @Test
    void anIdTemplatedPerItemIsEachItemsOwn() {
      Scenario s =
          Scenario.of(
                  YAML.formatted("parallel")
                      .replace("id: shout", "id: \"shout-{{ .index }}-{{ .word }}\""))
              .start(Map.of("list", List.of("a", "skip", "b")));
      assertThat(s.task("per[0]").taskId()).isEqualTo("shout-0-a");
      assertThat(s.task("per[1]").taskId()).isEqualTo("shout-2-b");
      assertThat(s.step("per[1]").taskId()).isEqualTo("per[1]");
      s.succeed("per[0]", "A").succeed("per[1]", "B");
      assertThat(s.status()).isEqualTo(ExecutionStatus.SUCCESS);
      assertThat(s.task("per").output()).isEqualTo(List.of("A", "B"));
    }

    @Test
    void aContainersChildrenAreReadByTheirIdsAsCompozyGivesThem() {
      Scenario s =
          Scenario.of(
                  """
                  id: kids
                  tasks:
                    - id: per
                      type: collection
                      items: "{{ .workflow.input.list }}"
                      task:
                        id: "job-{{ .index }}"
                        tool: work
                  outputs:
                    count: "{{ len .tasks.per.children }}"
                    second: '{{ (index .tasks.per.children "job-1").output }}'
                    status: '{{ (index .tasks.per.children "job-0").status }}'
                  """)
              .start(Map.of("list", List.of("a", "b")));
      s.succeed("per[0]", "A").succeed("per[1]", "B");
      assertThat(s.status()).isEqualTo(ExecutionStatus.SUCCESS);
      assertThat(s.state().output())
          .isEqualTo(Map.of("count", 2L, "second", "B", "status", "success"));
      // a container with no children still has them, empty (Compozy's examples test `if
      // .tasks.x.children`)
      Scenario none =
          Scenario.of(
                  """
                  id: kids
                  tasks:
                    - id: per
                      type: collection
                      items: "{{ .workflow.input.list }}"
                      task: {id: job, tool: work}
                  outputs:
                    any: '{{ if .tasks.per.children }}yes{{ else }}no{{ end }}'
                    about: '{{ .workflow_id }} {{ .status }} {{ eq .workflow_exec_id .workflow.exec_id }}'
                  """)
              .start(Map.of("list", List.of()));
      assertThat(none.state().output())
          .isEqualTo(Map.of("any", "no", "about", "kids success true"));
    }

    @Test
    void sequentialModeRunsOneItemAtATime() {
      Scenario s =
          Scenario.of(YAML.formatted("sequential")).start(Map.of("list", List.of("a", "b")));
      assertThat(s.dispatchedPaths()).containsExactly("per[0]");
      s.succeed("per[0]", "A");
      assertThat(s.dispatchedPaths()).containsExactly("per[0]", "per[1]");
    }

    @Test
    void noItemsGiveAnEmptyList() {
      Scenario s = Scenario.of(YAML.formatted("parallel")).start(Map.of("list", List.of()));
      assertThat(s.status()).isEqualTo(ExecutionStatus.SUCCESS);
      assertThat(s.task("per").output()).isEqualTo(List.of());
    }

    @Test
    void itemsAreReadAsCompozyReadsThem() {
      // a single value is one item; text holding a JSON array is that array; a map gives {key,
      // value} entries in key order;
      // "a..b" is an inclusive range of numbers or letters
      assertThat(
              Scenario.of(YAML.formatted("parallel"))
                  .start(Map.of("list", "nope"))
                  .dispatchedPaths())
          .containsExactly("per[0]");
      Scenario json =
          Scenario.of(YAML.formatted("parallel")).start(Map.of("list", "[\"x\", \"skip\", \"y\"]"));
      assertThat(json.dispatchedPaths()).containsExactly("per[0]", "per[1]");
      assertThat(json.step("per[1]").input()).isEqualTo(Map.of("text", "y", "at", 2));
      Scenario map =
          Scenario.of(YAML.formatted("parallel")).start(Map.of("list", Map.of("b", 2, "a", 1)));
      assertThat(map.step("per[0]").input())
          .isEqualTo(Map.of("text", Map.of("key", "a", "value", 1), "at", 0));
      Scenario numbers = Scenario.of(YAML.formatted("parallel")).start(Map.of("list", "3..1"));
      assertThat(numbers.dispatchedPaths()).containsExactly("per[0]", "per[1]", "per[2]");
      assertThat(numbers.step("per[0]").input()).isEqualTo(Map.of("text", 3L, "at", 0));
      Scenario letters = Scenario.of(YAML.formatted("parallel")).start(Map.of("list", "a..c"));
      assertThat(letters.step("per[2]").input()).isEqualTo(Map.of("text", "c", "at", 2));
    }

    @Test
    void itemsPastTheBoundFailTheTask() {
      Scenario s = Scenario.of(YAML.formatted("parallel")).start(Map.of("list", "1..1000000"));
      assertThat(s.status()).isEqualTo(ExecutionStatus.FAILED);
      assertThat(s.state().error().type()).isEqualTo("invalid_items");
      assertThat(s.state().error().message()).contains("at most 100000");
    }
  }

  @Nested
  class Retries {
    static final String YAML =
        """
        id: flaky
        config:
          retry_policy: { initial_interval: 1s, backoff_coefficient: 2.0, maximum_interval: 10s, maximum_attempts: \
        3, non_retryable_error_types: [bad_input] }
        tasks:
          - id: call
            tool: work
            on_error: { next: recover, with: { why: "{{ .tasks.call.error.type }}" } }
          - id: done
            type: aggregate
            final: true
            outputs: { ok: true }
          - id: recover
            tool: work
        """;

    @Test
    void aRetryableFailureIsTriedAgainAfterTheBackoff() {
      Scenario s = Scenario.of(YAML).start().fail("call", "tool_error", true);
      assertThat(s.task("call").status()).isEqualTo(TaskStatus.WAITING);
      // initial_interval 1s, up to 10 % jitter
      assertThat(s.timerDelay(TimerKind.RETRY, "call"))
          .isBetween(Duration.ofSeconds(1), Duration.ofMillis(1100));
      assertThat(s.status()).isEqualTo(ExecutionStatus.RUNNING);
      s.fire(TimerKind.RETRY, "call");
      assertThat(s.step("call").attempt()).isEqualTo(2);
      s.fail("call", "tool_error", true);
      // × backoff_coefficient 2
      assertThat(s.timerDelay(TimerKind.RETRY, "call"))
          .isBetween(Duration.ofSeconds(2), Duration.ofMillis(2200));
      s.fire(TimerKind.RETRY, "call");
      s.succeed("call", "fine");
      assertThat(s.status()).isEqualTo(ExecutionStatus.SUCCESS);
      assertThat(s.state().output()).isEqualTo(Map.of("ok", true));
    }

    @Test
    void exhaustedRetriesGoToOnErrorWithItsInputs() {
      Scenario s =
          Scenario.of(YAML)
              .start()
              .fail("call", "tool_error", true)
              .fire(TimerKind.RETRY, "call")
              .fail("call", "tool_error", true)
              .fire(TimerKind.RETRY, "call")
              .fail("call", "tool_error", true);
      assertThat(s.task("call").status()).isEqualTo(TaskStatus.FAILED);
      assertThat(s.task("call").attempt()).isEqualTo(3);
      assertThat(s.step("recover").input()).isEqualTo(Map.of("why", "tool_error"));
    }

    @Test
    void aNonRetryableErrorTypeIsNotRetried() {
      Scenario s = Scenario.of(YAML).start().fail("call", "bad_input", true);
      assertThat(s.task("call").status()).isEqualTo(TaskStatus.FAILED);
      assertThat(s.isDispatched("recover")).isTrue();
    }

    @Test
    void anAttemptPastItsStartToCloseTimeoutIsRetried() {
      Scenario s = Scenario.of(YAML).start().fire(TimerKind.STEP_TIMEOUT, "call");
      assertThat(s.task("call").error().type()).isEqualTo("timeout");
      s.fire(TimerKind.RETRY, "call");
      assertThat(s.step("call").attempt()).isEqualTo(2);
      // the late result of attempt 1 is ignored
      assertThat(s.task("call").status()).isEqualTo(TaskStatus.RUNNING);
    }

    @Test
    void theTaskDeadlineEndsTheWorkflowAsTimedOut() {
      Scenario s =
          Scenario.of(
                  """
                  id: slow
                  tasks:
                    - { id: call, tool: work }
                  """)
              .start()
              .fire(TimerKind.DEADLINE, "call");
      assertThat(s.status()).isEqualTo(ExecutionStatus.TIMED_OUT);
    }

    @Test
    void aTimerForAStepThatAlreadyFinishedIsIgnored() {
      Scenario s = Scenario.of(YAML).start().fail("call", "tool_error", true);
      Effect.SetTimer retry =
          s.effects.stream()
              .filter(e -> e instanceof Effect.SetTimer t && t.fired().kind() == TimerKind.RETRY)
              .map(e -> (Effect.SetTimer) e)
              .findFirst()
              .orElseThrow();
      s.fire(TimerKind.RETRY, "call").succeed("call", "ok");
      ExecutionState before = s.state();
      s.apply(retry.fired());
      assertThat(s.state()).isEqualTo(before);
    }
  }

  @Nested
  class Flow {
    @Test
    void aFalseConditionSkipsTheTask() {
      Scenario s =
          Scenario.of(
                  """
                  id: skip
                  tasks:
                    - { id: maybe, tool: work, condition: 'workflow.input.go == true' }
                    - { id: last, type: aggregate, outputs: { skipped: "{{ .tasks.maybe.status }}" } }
                  """)
              .start(Map.of("go", false));
      assertThat(s.isDispatched("maybe")).isFalse();
      assertThat(s.state().output()).isEqualTo(Map.of("skipped", "skipped"));
    }

    @Test
    void sleepWaitsForItsTimerBeforeTheNextTask() {
      Scenario s =
          Scenario.of(
                  """
                  id: nap
                  tasks:
                    - { id: first, type: aggregate, sleep: 5s, outputs: { a: 1 } }
                    - { id: second, tool: work }
                  """)
              .start();
      assertThat(s.isDispatched("second")).isFalse();
      s.fire(TimerKind.SLEEP, "first");
      assertThat(s.isDispatched("second")).isTrue();
    }

    @Test
    void aContainerTimeoutCancelsItsChildren() {
      Scenario s = parallel("wait_all", "timeout: 30s").fire(TimerKind.CONTAINER_TIMEOUT, "both");
      assertThat(s.status()).isEqualTo(ExecutionStatus.TIMED_OUT);
      assertThat(s.task("both/a").status()).isEqualTo(TaskStatus.CANCELED);
    }

    @Test
    void aLoopWithoutWorkIsStopped() {
      Scenario s =
          Scenario.of(
                  """
                  id: spin
                  tasks:
                    - { id: again, type: aggregate, on_success: { next: again } }
                  """)
              .start();
      assertThat(s.status()).isEqualTo(ExecutionStatus.FAILED);
      assertThat(s.state().error().type()).isEqualTo("loop_limit");
    }

    @Test
    void aSignalTaskPublishesACloudEvent() {
      Scenario s =
          Scenario.of(
                  """
                  id: emit
                  tasks:
                    - id: tell
                      type: signal
                      signal: { id: order.ready, payload: { n: "{{ .workflow.input.n }}" } }
                  """)
              .start(Map.of("n", 7));
      Effect.PublishEvent e =
          (Effect.PublishEvent)
              s.effects.stream()
                  .filter(x -> x instanceof Effect.PublishEvent)
                  .findFirst()
                  .orElseThrow();
      assertThat(e.cloudEvent())
          .containsEntry("type", "order.ready")
          .containsEntry("specversion", "1.0")
          .containsEntry("data", Map.of("n", 7));
      assertThat(s.status()).isEqualTo(ExecutionStatus.SUCCESS);
    }
  }

  @Nested
  class Control {
    static final String YAML =
        """
        id: ctl
        tasks:
          - { id: one, tool: work }
          - { id: two, tool: work }
        """;

    @Test
    void cancelEndsTheExecutionAndItsTimersAndIgnoresLateResults() {
      Scenario s = Scenario.of(YAML).start().cancel();
      assertThat(s.status()).isEqualTo(ExecutionStatus.CANCELED);
      assertThat(s.task("one").status()).isEqualTo(TaskStatus.CANCELED);
      assertThat(s.state().timers()).isEmpty();
      assertThat(s.effects).anyMatch(e -> e instanceof Effect.CancelTimer);
      ExecutionState before = s.state();
      s.succeed("one", "late");
      assertThat(s.state()).isEqualTo(before);
    }

    @Test
    void aPausedExecutionFinishesRunningStepsButStartsNothingUntilResumed() {
      Scenario s = Scenario.of(YAML).start().pause();
      assertThat(s.status()).isEqualTo(ExecutionStatus.PAUSED);
      s.succeed("one", 1);
      assertThat(s.task("one").status()).isEqualTo(TaskStatus.SUCCESS);
      assertThat(s.isDispatched("two")).isFalse();
      s.resume();
      assertThat(s.status()).isEqualTo(ExecutionStatus.RUNNING);
      assertThat(s.isDispatched("two")).isTrue();
      s.succeed("two", 2);
      assertThat(s.status()).isEqualTo(ExecutionStatus.SUCCESS);
    }

    @Test
    void cancelWhilePausedAndBeforeStart() {
      assertThat(Scenario.of(YAML).start().pause().cancel().status())
          .isEqualTo(ExecutionStatus.CANCELED);
      Scenario pending = Scenario.of(YAML);
      pending.apply(new CancelExecution("c", "exec_1", null));
      assertThat(pending.status()).isEqualTo(ExecutionStatus.CANCELED);
      assertThat(Scenario.of(YAML).abandon().status()).isEqualTo(ExecutionStatus.FAILED);
    }

    @Test
    void resumeWhenNotPausedAndPauseWhenFinishedChangeNothing() {
      Scenario s = Scenario.of(YAML).start();
      ExecutionState before = s.state();
      s.resume();
      assertThat(s.state()).isEqualTo(before);
      s.cancel();
      ExecutionState canceled = s.state();
      s.pause();
      assertThat(s.state()).isEqualTo(canceled);
    }
  }

  @Nested
  class Wait {
    static final String YAML =
        """
        id: approve
        tasks:
          - { id: prepare, tool: work }
          - id: approval
            type: wait
            wait_for: approved
            condition: 'signal.payload.ok == true'
            timeout: 1h
            on_timeout: expired
          - { id: ship, type: aggregate, final: true, outputs: { by: "{{ .tasks.approval.output.signal.payload.by \
        }}" } }
          - { id: expired, type: aggregate, outputs: { expired: true } }
        """;

    @Test
    void theExecutionWaitsForTheSignalThenGoesOn() {
      Scenario s = Scenario.of(YAML).start().succeed("prepare", 1);
      assertThat(s.status()).isEqualTo(ExecutionStatus.WAITING);
      s.signal("approved", Map.of("ok", false));
      assertThat(s.status()).isEqualTo(ExecutionStatus.WAITING);
      s.signal("approved", Map.of("ok", true, "by", "ana"));
      assertThat(s.status()).isEqualTo(ExecutionStatus.SUCCESS);
      assertThat(s.state().output()).isEqualTo(Map.of("by", "ana"));
    }

    @Test
    void aSignalSentBeforeTheWaitIsKept() {
      Scenario s =
          Scenario.of(YAML)
              .start()
              .signal("approved", Map.of("ok", true, "by", "early"))
              .succeed("prepare", 1);
      assertThat(s.status()).isEqualTo(ExecutionStatus.SUCCESS);
      assertThat(s.state().output()).isEqualTo(Map.of("by", "early"));
    }

    @Test
    void onTimeoutGoesToItsTask() {
      Scenario s =
          Scenario.of(YAML).start().succeed("prepare", 1).fire(TimerKind.WAIT_TIMEOUT, "approval");
      assertThat(s.status()).isEqualTo(ExecutionStatus.SUCCESS);
      assertThat(s.state().output()).isEqualTo(Map.of("expired", true));
    }

    @Test
    void withoutOnTimeoutTheExecutionTimesOut() {
      Scenario s =
          Scenario.of(
                  """
                  id: w
                  tasks:
                    - { id: hold, type: wait, wait_for: go, timeout: 1m }
                  """)
              .start();
      assertThat(s.status()).isEqualTo(ExecutionStatus.WAITING);
      s.fire(TimerKind.WAIT_TIMEOUT, "hold");
      assertThat(s.status()).isEqualTo(ExecutionStatus.TIMED_OUT);
    }

    @Test
    void waitingExecutionsCanBePausedCanceledAndAbandoned() {
      Scenario paused = Scenario.of(YAML).start().succeed("prepare", 1).pause();
      assertThat(paused.status()).isEqualTo(ExecutionStatus.PAUSED);
      assertThat(Scenario.of(YAML).start().succeed("prepare", 1).cancel().status())
          .isEqualTo(ExecutionStatus.CANCELED);
      assertThat(Scenario.of(YAML).start().succeed("prepare", 1).abandon().status())
          .isEqualTo(ExecutionStatus.FAILED);
    }

    @Test
    void aSignalWakesAWaitThatThenRunsATool() {
      Scenario s =
          Scenario.of(
                  """
                  id: w2
                  tasks:
                    - { id: hold, type: wait, wait_for: go }
                    - { id: act, tool: work }
                  """)
              .start();
      assertThat(s.status()).isEqualTo(ExecutionStatus.WAITING);
      s.signal("go", Map.of());
      assertThat(s.status()).isEqualTo(ExecutionStatus.RUNNING);
      assertThat(s.isDispatched("act")).isTrue();
    }
  }

  @Nested
  class InlineRoutes {
    static final String YAML =
        """
        id: routed
        tasks:
          - id: pick
            type: router
            condition: 'workflow.input.kind'
            routes:
              big:
                id: handle-big
                tool: work
                with: { size: "{{ .workflow.input.kind }}" }
              small: note
          - { id: after, type: aggregate, final: true, outputs: { routed: "{{ .tasks.pick.output.output.done }}" } }
          - { id: note, type: aggregate, final: true, outputs: { noted: true } }
        """;

    @Test
    void anInlineRouteRunsInTheRoutersPlaceThenTheFlowGoesOnAfterIt() {
      Scenario s = Scenario.of(YAML).start(Map.of("kind", "big"));
      assertThat(s.step("pick/handle-big").input()).isEqualTo(Map.of("size", "big"));
      assertThat(s.task("pick").status()).isEqualTo(TaskStatus.RUNNING);
      s.succeed("pick/handle-big", Map.of("done", "yes"));
      assertThat(s.task("pick").output())
          .isEqualTo(Map.of("route_taken", "big", "output", Map.of("done", "yes")));
      assertThat(s.status()).isEqualTo(ExecutionStatus.SUCCESS);
      assertThat(s.state().output()).isEqualTo(Map.of("routed", "yes"));
    }

    @Test
    void aRouteByIdStillGoesToThatTask() {
      Scenario s = Scenario.of(YAML).start(Map.of("kind", "small"));
      assertThat(s.status()).isEqualTo(ExecutionStatus.SUCCESS);
      assertThat(s.state().output()).isEqualTo(Map.of("noted", true));
    }

    @Test
    void aFailedInlineRouteFailsTheRouter() {
      Scenario s =
          Scenario.of(YAML)
              .start(Map.of("kind", "big"))
              .fail("pick/handle-big", "tool_error", false);
      assertThat(s.task("pick").status()).isEqualTo(TaskStatus.FAILED);
      assertThat(s.task("pick").error().message())
          .startsWith("route 'big' ('pick/handle-big') failed");
      assertThat(s.status()).isEqualTo(ExecutionStatus.FAILED);
    }
  }

  @Nested
  class WaitProcessors {
    static final String YAML =
        """
        id: approve
        tasks:
          - id: approval
            type: wait
            wait_for: vote
            condition: 'processor.output.approved == true'
            processor:
              id: check-vote
              tool: work
              with: { voter: "{{ .signal.payload.by }}" }
            timeout: 1h
          - { id: ship, type: aggregate, final: true, outputs: { by: "{{ .tasks.approval.output.voter }}" } }
        """;

    @Test
    void eachSignalRunsTheProcessorUntilItsOutputPassesTheCondition() {
      Scenario s = Scenario.of(YAML).start();
      assertThat(s.status()).isEqualTo(ExecutionStatus.WAITING);
      s.signal("vote", Map.of("by", "bob"));
      assertThat(s.status()).isEqualTo(ExecutionStatus.RUNNING);
      assertThat(s.step("approval/check-vote").input()).isEqualTo(Map.of("voter", "bob"));
      // a second vote arrives while the first is judged: it waits its turn
      s.signal("vote", Map.of("by", "ana"));
      s.succeed("approval/check-vote", Map.of("approved", false, "voter", "bob"));
      assertThat(s.step("approval/check-vote").input()).isEqualTo(Map.of("voter", "ana"));
      assertThat(s.step("approval/check-vote").attempt()).isEqualTo(2);
      s.succeed("approval/check-vote", Map.of("approved", true, "voter", "ana"));
      assertThat(s.status()).isEqualTo(ExecutionStatus.SUCCESS);
      assertThat(s.state().output()).isEqualTo(Map.of("by", "ana"));
    }

    @Test
    void aProcessorWrittenWithoutAnIdRunsAsProcessor() {
      Scenario s =
          Scenario.of(YAML.replace("id: check-vote\n      tool", "tool"))
              .start()
              .signal("vote", Map.of("by", "bob"));
      assertThat(s.step("approval/processor").input()).isEqualTo(Map.of("voter", "bob"));
      s.succeed("approval/processor", Map.of("approved", true, "voter", "bob"));
      assertThat(s.status()).isEqualTo(ExecutionStatus.SUCCESS);
    }

    @Test
    void aProcessorThatFailsFailsTheWait() {
      Scenario s =
          Scenario.of(YAML)
              .start()
              .signal("vote", Map.of("by", "bob"))
              .fail("approval/check-vote", "tool_error", false);
      assertThat(s.task("approval").status()).isEqualTo(TaskStatus.FAILED);
      assertThat(s.status()).isEqualTo(ExecutionStatus.FAILED);
    }

    @Test
    void theTimeoutCountsWhileTheProcessorRuns() {
      Scenario s =
          Scenario.of(YAML)
              .start()
              .signal("vote", Map.of("by", "bob"))
              .fire(TimerKind.WAIT_TIMEOUT, "approval");
      assertThat(s.task("approval/check-vote").status()).isEqualTo(TaskStatus.CANCELED);
      assertThat(s.status()).isEqualTo(ExecutionStatus.TIMED_OUT);
    }
  }

  @Nested
  class TaskSchemas {
    static final String YAML =
        """
        id: checked
        schemas:
          - id: result
            type: object
            required: [total]
        tasks:
          - id: sum
            tool: work
            input:
              type: object
              required: [n]
              properties: { n: { type: integer, minimum: 1 } }
            output: result
            with: { n: "{{ .workflow.input.n }}" }
        """;

    @Test
    void aTaskWhoseInputBreaksItsSchemaFailsBeforeItRuns() {
      Scenario s = Scenario.of(YAML).start(Map.of("n", 0));
      assertThat(s.dispatchedPaths()).isEmpty();
      assertThat(s.task("sum").error().type()).isEqualTo("invalid_input");
      assertThat(s.task("sum").error().message()).contains("/n");
      assertThat(s.status()).isEqualTo(ExecutionStatus.FAILED);
    }

    @Test
    void anOutputThatBreaksItsSchemaFailsTheTaskAndAGoodOneGoesOn() {
      Scenario bad = Scenario.of(YAML).start(Map.of("n", 2)).succeed("sum", Map.of("wrong", 1));
      assertThat(bad.task("sum").error().type()).isEqualTo("invalid_output");
      assertThat(bad.status()).isEqualTo(ExecutionStatus.FAILED);
      Scenario good = Scenario.of(YAML).start(Map.of("n", 2)).succeed("sum", Map.of("total", 3));
      assertThat(good.status()).isEqualTo(ExecutionStatus.SUCCESS);
    }
  }
}
