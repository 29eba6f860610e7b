package io.compozy.scheduler.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.compozy.contracts.dsl.OverlapPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** When schedules fire: the pure next-fire function, table by table. */
class FireTimesTest {
  @ParameterizedTest(name = "{0} in {1} after {2} → {3}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          */15 * * * *          | UTC              | 2026-11-29T10:07:00Z | 2026-11-29T10:15:00Z
          0 9 * * 1-5           | UTC              | 2026-11-28T09:00:00Z | 2026-11-30T09:00:00Z
          */10 * * * * *        | UTC              | 2026-11-29T10:00:03Z | 2026-11-29T10:00:10Z
          0 0 12 * * ? 2027     | UTC              | 2026-11-29T00:00:00Z | 2027-01-01T12:00:00Z
          0 9 * * *             | Europe/Lisbon    | 2026-07-01T00:00:00Z | 2026-07-01T08:00:00Z
          0 9 * * *             | Europe/Lisbon    | 2026-12-01T00:00:00Z | 2026-12-01T09:00:00Z
          0 9 * * *             | Asia/Tokyo       | 2026-12-01T00:00:00Z | 2026-12-02T00:00:00Z
          @every 30s            | UTC              | 2026-11-29T10:00:05Z | 2026-11-29T10:00:30Z
          @every 1s             | UTC              | 2026-11-29T10:00:05Z | 2026-11-29T10:00:06Z
          @every 1h             | America/New_York | 2026-11-29T10:30:00Z | 2026-11-29T11:00:00Z
          """)
  void nextFireTimes(String cron, String zone, String after, String expected) {
    assertThat(FireTimes.of(cron.trim(), zone.trim(), null, null).next(Instant.parse(after.trim())))
        .contains(Instant.parse(expected.trim()));
  }

  @ParameterizedTest(name = "{0}: after {1} → {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          # spring forward in New York, 2026-03-08 02:00 EST → 03:00 EDT: 02:30 does not exist that day, so it is \
          skipped
          30 2 * * * | 2026-03-08T05:00:00Z | 2026-03-09T06:30:00Z
          # the hour before and after the gap is unaffected
          30 1 * * * | 2026-03-08T05:00:00Z | 2026-03-08T06:30:00Z
          30 3 * * * | 2026-03-08T05:00:00Z | 2026-03-08T07:30:00Z
          # fall back, 2026-11-01 02:00 EDT → 01:00 EST: 01:30 happens twice, it fires at the first
          30 1 * * * | 2026-11-01T04:00:00Z | 2026-11-01T05:30:00Z
          30 1 * * * | 2026-11-01T05:30:00Z | 2026-11-02T06:30:00Z
          """)
  void daylightSavingTimeFollowsTheCronLibrary(String cron, String after, String expected) {
    assertThat(
            FireTimes.of(cron.trim(), "America/New_York", null, null)
                .next(Instant.parse(after.trim())))
        .contains(Instant.parse(expected.trim()));
  }

  @Test
  void startAtAndEndAtBoundTheFireTimes() {
    FireTimes t = FireTimes.of("@every 30s", "UTC", "2026-11-29T10:00:07Z", "2026-11-29T10:01:00Z");
    assertThat(t.next(Instant.parse("2026-11-29T09:00:00Z")))
        .contains(Instant.parse("2026-11-29T10:00:07Z"));
    assertThat(t.next(Instant.parse("2026-11-29T10:00:07Z")))
        .contains(Instant.parse("2026-11-29T10:00:37Z"));
    assertThat(t.next(Instant.parse("2026-11-29T10:00:37Z"))).isEmpty();
    FireTimes cron = FireTimes.of("0 * * * *", "UTC", "2026-12-01T00:00:00Z", null);
    assertThat(cron.next(Instant.parse("2026-11-29T10:30:00Z")))
        .contains(Instant.parse("2026-12-01T00:00:00Z"));
  }

  @Test
  void theTimesOfAMissedWindowAreCountedAndCapped() {
    FireTimes t = FireTimes.of("@every 1m", "UTC", null, null);
    List<Instant> all =
        t.between(
            Instant.parse("2026-11-29T10:00:00Z"), Instant.parse("2026-11-29T10:10:00Z"), 100);
    assertThat(all)
        .hasSize(10)
        .startsWith(Instant.parse("2026-11-29T10:01:00Z"))
        .endsWith(Instant.parse("2026-11-29T10:10:00Z"));
    assertThat(
            t.between(
                Instant.parse("2026-11-29T10:00:00Z"), Instant.parse("2026-11-29T10:10:00Z"), 3))
        .containsExactly(
            Instant.parse("2026-11-29T10:08:00Z"),
            Instant.parse("2026-11-29T10:09:00Z"),
            Instant.parse("2026-11-29T10:10:00Z"));
  }

  @Test
  void jitterIsStableAndBounded() {
    Instant at = Instant.parse("2026-11-29T10:00:00Z");
    Duration j = FireTimes.jitter("30s", "wf", at);
    assertThat(j)
        .isEqualTo(FireTimes.jitter("30s", "wf", at))
        .isLessThan(Duration.ofSeconds(30))
        .isGreaterThanOrEqualTo(Duration.ZERO);
    assertThat(FireTimes.jitter(null, "wf", at)).isZero();
    assertThat(
            List.of(
                FireTimes.jitter("30s", "a", at),
                FireTimes.jitter("30s", "b", at),
                FireTimes.jitter("30s", "c", at)))
        .doesNotHaveDuplicates();
  }

  @Test
  void badSchedulesSayWhatIsWrong() {
    assertThatThrownBy(() -> FireTimes.of("61 * * * *", null, null, null))
        .hasMessageStartingWith("cron: '61 * * * *' is not valid");
    assertThatThrownBy(() -> FireTimes.of("1 2 3", null, null, null))
        .hasMessageContaining("has 3 fields");
    assertThatThrownBy(() -> FireTimes.of("@every soon", null, null, null))
        .hasMessageContaining("needs a duration");
    assertThatThrownBy(() -> FireTimes.of("* * * * *", "Mars/Olympus", null, null))
        .hasMessageStartingWith("timezone:");
    assertThatThrownBy(() -> FireTimes.of("* * * * *", null, "tomorrow", null))
        .hasMessageStartingWith("start_at:");
  }

  @Test
  void catchUpFiresOnceNoneOrAllOfAMissedWindow() {
    Instant now = Instant.parse("2026-11-29T10:10:00Z");
    List<Instant> due =
        List.of(
            Instant.parse("2026-11-29T10:01:00Z"),
            Instant.parse("2026-11-29T10:05:00Z"),
            Instant.parse("2026-11-29T10:09:50Z"));
    Duration grace = Duration.ofSeconds(30);
    assertThat(FireDecision.toFire(due, now, grace, FireDecision.CatchUp.ONCE))
        .containsExactly(Instant.parse("2026-11-29T10:09:50Z"));
    assertThat(FireDecision.toFire(due.subList(0, 2), now, grace, FireDecision.CatchUp.ONCE))
        .containsExactly(Instant.parse("2026-11-29T10:05:00Z"));
    assertThat(FireDecision.toFire(due.subList(0, 2), now, grace, FireDecision.CatchUp.NONE))
        .isEmpty();
    assertThat(FireDecision.toFire(due, now, grace, FireDecision.CatchUp.NONE))
        .containsExactly(Instant.parse("2026-11-29T10:09:50Z"));
    assertThat(FireDecision.toFire(due, now, grace, FireDecision.CatchUp.ALL)).isEqualTo(due);
  }

  @Test
  void overlapPoliciesDecideWhatARunDoesWhileThePreviousGoesOn() {
    assertThat(FireDecision.overlap(OverlapPolicy.SKIP, false))
        .isEqualTo(FireDecision.Action.START);
    assertThat(FireDecision.overlap(OverlapPolicy.SKIP, true)).isEqualTo(FireDecision.Action.SKIP);
    assertThat(FireDecision.overlap(OverlapPolicy.ALLOW, true))
        .isEqualTo(FireDecision.Action.START);
    assertThat(FireDecision.overlap(OverlapPolicy.BUFFER_ONE, true))
        .isEqualTo(FireDecision.Action.BUFFER);
    assertThat(FireDecision.overlap(OverlapPolicy.CANCEL_OTHER, true))
        .isEqualTo(FireDecision.Action.CANCEL_PREVIOUS_AND_START);
    assertThat(Optional.of(FireDecision.overlap(OverlapPolicy.CANCEL_OTHER, false)))
        .contains(FireDecision.Action.START);
  }
}
