package io.compozy.standalone;

import static io.compozy.standalone.PlatformClient.data;
import static org.assertj.core.api.Assertions.assertThat;

import io.compozy.gateway.auth.ApiKeys;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cron schedules on the whole platform: a schedule turned on with PATCH fires each second once,
 * and each overlap policy holds while runs outlast the interval.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class ScheduleIntegrationTest {
  @TempDir static Path data;
  static final String KEY = ApiKeys.generate();
  static Standalone platform;
  static final PlatformClient client = new PlatformClient(() -> platform.gatewayPort(), KEY);

  @BeforeAll
  static void start() {
    platform = Standalone.start(new StandaloneOptions(data, Path.of("src/test/resources/projects/schedules"), 0, 0, 0, 0, 0, KEY));
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  record Run(String execId, String status, Instant created, Instant ended) {}

  static List<Run> runs(String workflowId) throws Exception {
    var e = platform.endpoints();
    List<Run> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(e.jdbcUrl(), e.postgresUser(), e.postgresPassword());
        var st = c.prepareStatement("select exec_id, status, created_at, coalesce(ended_at, now()) as ended from engine.executions "
            + "where workflow_id = ? order by created_at")) {
      st.setString(1, workflowId);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          out.add(new Run(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getTimestamp(4).toInstant()));
        }
      }
    }
    return out;
  }

  static List<String> fireKeys(String workflowId) throws Exception {
    var e = platform.endpoints();
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(e.jdbcUrl(), e.postgresUser(), e.postgresPassword());
        var st = c.prepareStatement("select fire_key, outcome from scheduler.schedule_fires where workflow_id = ? order by scheduled_at")) {
      st.setString(1, workflowId);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1) + "=" + rs.getString(2));
        }
      }
    }
    return out;
  }

  static HttpResponse<String> patch(String workflowId, String body) throws Exception {
    return client.call("PATCH", "/schedules/" + workflowId, body);
  }

  static int maxConcurrent(List<Run> runs) {
    int max = 0;
    for (Run r : runs) {
      int n = (int) runs.stream().filter(o -> o.created().isBefore(r.ended()) && r.created().isBefore(o.ended())).count();
      max = Math.max(max, n);
    }
    return max;
  }

  @Test
  @org.junit.jupiter.api.Order(1)
  void aScheduleTurnedOnFiresEverySecondOnceAndTurnedOffStops() throws Exception {
    Map<String, Object> before = data(client.call("GET", "/schedules/tick", null));
    assertThat(before).containsEntry("enabled", false).containsEntry("cron", "@every 1s").containsEntry("next_run_time", null);
    HttpResponse<String> on = patch("tick", "{\"enabled\": true}");
    assertThat(on.statusCode()).as(on.body()).isEqualTo(200);
    assertThat(data(on)).containsEntry("override", Map.of("enabled", true)).containsEntry("enabled", true);
    Thread.sleep(4_500);
    assertThat(patch("tick", "{\"enabled\": false}").statusCode()).isEqualTo(200);
    Thread.sleep(1_500); // anything already firing lands
    List<Run> runs = runs("tick");
    List<String> keys = fireKeys("tick");
    assertThat(runs.size()).as(keys.toString()).isBetween(3, 6);
    assertThat(keys).doesNotHaveDuplicates().allSatisfy(k -> assertThat(k).endsWith("=started"));
    assertThat(keys).hasSameSizeAs(runs);
    Thread.sleep(1_500);
    assertThat(runs("tick")).hasSameSizeAs(runs); // off means off
    Map<String, Object> after = data(client.call("GET", "/schedules/tick", null));
    assertThat(after.get("last_run_time")).isNotNull();
    assertThat(after.get("last_run_status")).isEqualTo("success");
  }

  @Test
  @org.junit.jupiter.api.Order(2)
  void overlapPoliciesHoldWhileRunsOutlastTheInterval() throws Exception {
    // skip: never two at once, the ticks in between recorded as skipped
    assertThat(patch("slow", "{\"enabled\": true, \"overlap_policy\": \"skip\"}").statusCode()).isEqualTo(200);
    Thread.sleep(5_500);
    assertThat(patch("slow", "{\"enabled\": false}").statusCode()).isEqualTo(200);
    awaitNoneRunning("slow");
    List<Run> skipped = runs("slow");
    assertThat(skipped.size()).isBetween(1, 3);
    assertThat(maxConcurrent(skipped)).isEqualTo(1);
    assertThat(fireKeys("slow")).anySatisfy(k -> assertThat(k).endsWith("=skipped"));

    // allow: runs overlap
    int seen = skipped.size();
    assertThat(patch("slow", "{\"enabled\": true, \"overlap_policy\": \"allow\"}").statusCode()).isEqualTo(200);
    Thread.sleep(3_500);
    assertThat(patch("slow", "{\"enabled\": false}").statusCode()).isEqualTo(200);
    awaitNoneRunning("slow");
    List<Run> allowed = runs("slow").subList(seen, runs("slow").size());
    assertThat(maxConcurrent(allowed)).isGreaterThanOrEqualTo(2);

    // cancel_other: each new run cancels the one before
    seen += allowed.size();
    assertThat(patch("slow", "{\"enabled\": true, \"overlap_policy\": \"cancel_other\"}").statusCode()).isEqualTo(200);
    Thread.sleep(4_500);
    assertThat(patch("slow", "{\"enabled\": false}").statusCode()).isEqualTo(200);
    awaitNoneRunning("slow");
    List<Run> canceling = runs("slow").subList(seen, runs("slow").size());
    assertThat(canceling.size()).isGreaterThanOrEqualTo(3);
    assertThat(canceling.subList(0, canceling.size() - 1)).allSatisfy(r -> assertThat(r.status()).isEqualTo("canceled"));

    // buffer_one: one waits while one runs, and starts when it ended
    seen += canceling.size();
    assertThat(patch("slow", "{\"enabled\": true, \"overlap_policy\": \"buffer_one\"}").statusCode()).isEqualTo(200);
    Thread.sleep(5_500);
    assertThat(patch("slow", "{\"enabled\": false}").statusCode()).isEqualTo(200);
    awaitNoneRunning("slow");
    List<Run> buffered = runs("slow").subList(seen, runs("slow").size());
    assertThat(buffered.size()).isGreaterThanOrEqualTo(2);
    assertThat(maxConcurrent(buffered)).isEqualTo(1);
    assertThat(buffered).allSatisfy(r -> assertThat(r.status()).isEqualTo("success"));
  }

  @Test
  @org.junit.jupiter.api.Order(3)
  @SuppressWarnings("unchecked")
  void anOverrideLastsUntilTheDefinitionChangesAndBadChangesAreRefused() throws Exception {
    HttpResponse<String> bad = patch("tick", "{\"cron\": \"61 * * * *\", \"colour\": \"red\", \"overlap_policy\": \"sometimes\"}");
    assertThat(bad.statusCode()).isEqualTo(422);
    assertThat(bad.body()).contains("/colour").contains("/overlap_policy");
    HttpResponse<String> badCron = patch("tick", "{\"cron\": \"61 * * * *\"}");
    assertThat(badCron.statusCode()).isEqualTo(422);
    assertThat(badCron.body()).contains("/cron");
    assertThat(client.call("GET", "/schedules/nothing-here", null).statusCode()).isEqualTo(404);

    assertThat(patch("tick", "{\"cron\": \"0 0 1 1 *\", \"timezone\": \"Europe/Lisbon\"}").statusCode()).isEqualTo(200);
    Map<String, Object> overridden = data(client.call("GET", "/schedules/tick", null));
    assertThat(overridden).containsEntry("cron", "0 0 1 1 *").containsEntry("timezone", "Europe/Lisbon");
    assertThat((Map<String, Object>) overridden.get("override")).containsEntry("cron", "0 0 1 1 *");
    String yaml = "id: tick\nschedule:\n  cron: \"@every 1h\"\n  enabled: false\ntasks:\n  - id: note\n    type: aggregate\n"
        + "    outputs: { from: changed }\n    final: true\n";
    assertThat(client.send("PUT", "/workflows/tick", yaml, "Authorization", "Bearer " + KEY, "Content-Type", "application/yaml")
        .statusCode()).isEqualTo(200);
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15)).untilAsserted(() -> {
      Map<String, Object> now = data(client.call("GET", "/schedules/tick", null));
      assertThat(now).containsEntry("cron", "@every 1h").containsEntry("override", null);
    });
  }

  private static void awaitNoneRunning(String workflowId) {
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() ->
        runs(workflowId).stream().noneMatch(r -> List.of("pending", "running", "waiting", "paused").contains(r.status())));
  }
}
