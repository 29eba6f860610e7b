package io.compozy.contracts.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.compozy.contracts.json.Json;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimerPlanTest {
  private static final Instant AT = Instant.parse("2026-11-29T10:00:00Z");

  private static TimerMessage.TimerRequested set(String id, int seconds) {
    return new TimerMessage.TimerRequested(
        id,
        "exec_1",
        AT.plusSeconds(seconds),
        new TimerFired("timer:" + id, "exec_1", id, TimerKind.STEP_TIMEOUT, "a", 1));
  }

  private static TimerMessage.TimerCanceled cancel(String id) {
    return new TimerMessage.TimerCanceled(id, "exec_1");
  }

  @Test
  void aTimerSetAndCanceledInOneBatchIsNeitherInsertedNorKeptPending() {
    TimerPlan plan = TimerPlan.of(List.of(set("a", 1), set("b", 2), cancel("b")));
    assertThat(plan.set()).extracting(TimerMessage.TimerRequested::timerId).containsExactly("a");
    assertThat(plan.cancel()).containsExactly("b");
  }

  @Test
  void aRepeatedRequestKeepsTheFirstAndARequestAfterACancelReplacesTheStoredOne() {
    TimerPlan repeated = TimerPlan.of(List.of(set("a", 1), set("a", 9)));
    assertThat(repeated.set())
        .singleElement()
        .satisfies(t -> assertThat(t.fireAt()).isEqualTo(AT.plusSeconds(1)));
    assertThat(repeated.cancel()).isEmpty();

    TimerPlan reset = TimerPlan.of(List.of(set("a", 1), cancel("a"), set("a", 5), set("a", 7)));
    assertThat(reset.cancel()).containsExactly("a");
    assertThat(reset.set())
        .singleElement()
        .satisfies(t -> assertThat(t.fireAt()).isEqualTo(AT.plusSeconds(5)));
  }

  @Test
  void batchesOpenInOrderAndTheirJsonRoundTrips() {
    TimerMessage changes =
        new TimerMessage.TimerChanges("exec_1", List.of(cancel("old"), set("new", 3)));
    TimerMessage read = Json.read(Json.write(changes), TimerMessage.class);
    assertThat(read).isEqualTo(changes);
    assertThat(Json.write(changes)).contains("\"type\":\"timer_changes\"");

    TimerPlan plan = TimerPlan.of(List.of(set("old", 1), read, set("new", 8)));
    assertThat(plan.cancel()).containsExactly("old");
    assertThat(plan.set()).extracting(TimerMessage.TimerRequested::timerId).containsExactly("new");
    assertThat(plan.set().getFirst().fireAt()).isEqualTo(AT.plusSeconds(3));
    assertThat(TimerPlan.of(List.of()).isEmpty()).isTrue();
  }
}
