package io.compozy.standalone;

import static io.compozy.standalone.PlatformClient.data;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.compozy.gateway.auth.ApiKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cron schedules on the whole platform: a schedule turned on with PATCH fires each second once, and
 * each overlap policy holds while runs outlast the interval.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScheduleIntegrationTest {
  @TempDir static Path data;
  static final String KEY = ApiKeys.generate();
  static Standalone platform;
  static final PlatformClient client = new PlatformClient(() -> platform.gatewayPort(), KEY);

  @BeforeAll
  static void start() {
    platform =
        Standalone.start(
            new StandaloneOptions(
                data, Path.of("src/test/resources/projects/schedules"), 0, 0, 0, 0, 0, KEY));
    // ready means serving; the scheduler's catalog may still be reading the definitions
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> client.call("GET", "/schedules/beat", null).statusCode() == 200);
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
    try (Connection c =
            DriverManager.getConnection(e.jdbcUrl(), e.postgresUser(), e.postgresPassword());
        var st =
            c.prepareStatement(
                "select exec_id, status, created_at, coalesce(ended_at, now()) as ended from"
                    + " engine.executions where workflow_id = ? order by created_at")) {
      st.setString(1, workflowId);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          out.add(
              new Run(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getTimestamp(3).toInstant(),
                  rs.getTimestamp(4).toInstant()));
        }
      }
    }
    return out;
  }

  static List<String> fireKeys(String workflowId) throws Exception {
    var e = platform.endpoints();
    List<String> out = new ArrayList<>();
    try (Connection c =
            DriverManager.getConnection(e.jdbcUrl(), e.postgresUser(), e.postgresPassword());
        var st =
            c.prepareStatement(
                "select fire_key, outcome from scheduler.schedule_fires where workflow_id = ? order"
                    + " by scheduled_at")) {
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
      int n =
          (int)
              runs.stream()
                  .filter(o -> o.created().isBefore(r.ended()) && r.created().isBefore(o.ended()))
                  .count();
      max = Math.max(max, n);
    }
    return max;
  }

  @Test
  @Order(1)
  @SuppressWarnings("unchecked")
  void aScheduleTurnedOnFiresEverySecondOnceAndTurnedOffStops() throws Exception {
    Map<String, Object> before = data(client.call("GET", "/schedules/tick", null));
    assertThat(before)
        .containsEntry("enabled", false)
        .containsEntry("cron", "@every 1s")
        .containsEntry("next_run_time", null)
        .containsEntry("is_override", false)
        .containsEntry("schedule_id", "schedule-schedule-checks-tick")
        .doesNotContainKey("yaml_config");
    long onAt = System.currentTimeMillis();
    HttpResponse<String> on = patch("tick", "{\"enabled\": true}");
    assertThat(on.statusCode()).as(on.body()).isEqualTo(200);
    assertThat(data(on))
        .containsEntry("override", Map.of("enabled", true))
        .containsEntry("enabled", true)
        .containsEntry("is_override", true);
    assertThat((Map<String, Object>) data(on).get("yaml_config"))
        .containsEntry("enabled", false)
        .containsEntry("cron", "@every 1s");
    Map<String, Object> all = data(client.call("GET", "/schedules", null));
    assertThat(all.get("total")).isEqualTo(((List<?>) all.get("schedules")).size());
    awaitFires("tick", 4);
    assertThat(patch("tick", "{\"enabled\": false}").statusCode()).isEqualTo(200);
    long seconds = (System.currentTimeMillis() - onAt) / 1000;
    awaitSettled("tick"); // a fire already under way lands
    List<Run> runs = runs("tick");
    List<String> keys = fireKeys("tick");
    // a busy machine may start the last fires late, never early: at most one per second on, and
    // the seconds fired follow each other without a gap
    assertThat(runs.size()).as(seconds + " s on: " + keys).isLessThanOrEqualTo((int) seconds + 1);
    assertEverySecondOnce(keys);
    assertThat(keys).doesNotHaveDuplicates().allSatisfy(k -> assertThat(k).endsWith("=started"));
    assertThat(keys).hasSameSizeAs(runs);
    // off means off: nothing new while the schedule would have fired twice more
    await()
        .during(Duration.ofMillis(2_000))
        .atMost(Duration.ofSeconds(5))
        .until(() -> runs("tick").size() == runs.size());
    Map<String, Object> after = data(client.call("GET", "/schedules/tick", null));
    assertThat(after.get("last_run_time")).isNotNull();
    assertThat(after.get("last_run_status")).isEqualTo("success");
  }

  @Test
  @Order(2)
  void overlapPoliciesHoldWhileRunsOutlastTheInterval() throws Exception {
    // skip: never two at once, the ticks in between recorded as skipped
    int fired = fireKeys("slow").size();
    assertThat(patch("slow", "{\"enabled\": true, \"overlap_policy\": \"skip\"}").statusCode())
        .isEqualTo(200);
    awaitFires("slow", fired + 5);
    assertThat(patch("slow", "{\"enabled\": false}").statusCode()).isEqualTo(200);
    awaitNoneRunning("slow");
    List<Run> skipped = runs("slow");
    assertThat(skipped.size()).isBetween(1, 3);
    assertThat(maxConcurrent(skipped)).isEqualTo(1);
    assertThat(fireKeys("slow")).anySatisfy(k -> assertThat(k).endsWith("=skipped"));

    // allow: runs overlap
    int seen = skipped.size();
    fired = fireKeys("slow").size();
    assertThat(patch("slow", "{\"enabled\": true, \"overlap_policy\": \"allow\"}").statusCode())
        .isEqualTo(200);
    awaitFires("slow", fired + 3);
    assertThat(patch("slow", "{\"enabled\": false}").statusCode()).isEqualTo(200);
    awaitNoneRunning("slow");
    List<Run> allowed = runs("slow").subList(seen, runs("slow").size());
    assertThat(maxConcurrent(allowed)).isGreaterThanOrEqualTo(2);

    // cancel_other: each new run cancels the one before
    seen += allowed.size();
    fired = fireKeys("slow").size();
    assertThat(
            patch("slow", "{\"enabled\": true, \"overlap_policy\": \"cancel_other\"}").statusCode())
        .isEqualTo(200);
    awaitFires("slow", fired + 4);
    assertThat(patch("slow", "{\"enabled\": false}").statusCode()).isEqualTo(200);
    awaitNoneRunning("slow");
    List<Run> canceling = runs("slow").subList(seen, runs("slow").size());
    assertThat(canceling.size()).isGreaterThanOrEqualTo(3);
    assertThat(canceling.subList(0, canceling.size() - 1))
        .allSatisfy(r -> assertThat(r.status()).isEqualTo("canceled"));

    // buffer_one: one waits while one runs, and starts when it ended
    seen += canceling.size();
    fired = fireKeys("slow").size();
    assertThat(
            patch("slow", "{\"enabled\": true, \"overlap_policy\": \"buffer_one\"}").statusCode())
        .isEqualTo(200);
    awaitFires("slow", fired + 5);
    assertThat(patch("slow", "{\"enabled\": false}").statusCode()).isEqualTo(200);
    awaitNoneRunning("slow");
    List<Run> buffered = runs("slow").subList(seen, runs("slow").size());
    assertThat(buffered.size()).isGreaterThanOrEqualTo(2);
    assertThat(maxConcurrent(buffered)).isEqualTo(1);
    assertThat(buffered).allSatisfy(r -> assertThat(r.status()).isEqualTo("success"));
  }

  @Test
  @Order(3)
  @SuppressWarnings("unchecked")
  void anOverrideLastsUntilTheDefinitionChangesAndBadChangesAreRefused() throws Exception {
    HttpResponse<String> bad =
        patch(
            "tick",
            "{\"cron\": \"61 * * * *\", \"colour\": \"red\", \"overlap_policy\": \"sometimes\"}");
    assertThat(bad.statusCode()).isEqualTo(422);
    assertThat(bad.body()).contains("/colour").contains("/overlap_policy");
    HttpResponse<String> badCron = patch("tick", "{\"cron\": \"61 * * * *\"}");
    assertThat(badCron.statusCode()).isEqualTo(422);
    assertThat(badCron.body()).contains("/cron");
    assertThat(client.call("GET", "/schedules/nothing-here", null).statusCode()).isEqualTo(404);

    assertThat(
            patch("tick", "{\"cron\": \"0 0 1 1 *\", \"timezone\": \"Europe/Lisbon\"}")
                .statusCode())
        .isEqualTo(200);
    Map<String, Object> overridden = data(client.call("GET", "/schedules/tick", null));
    assertThat(overridden)
        .containsEntry("cron", "0 0 1 1 *")
        .containsEntry("timezone", "Europe/Lisbon");
    assertThat((Map<String, Object>) overridden.get("override")).containsEntry("cron", "0 0 1 1 *");
    String yaml =
        "id: tick\n"
            + "schedule:\n"
            + "  cron: \"@every 1h\"\n"
            + "  enabled: false\n"
            + "tasks:\n"
            + "  - id: note\n"
            + "    type: aggregate\n"
            + "    outputs: { from: changed }\n"
            + "    final: true\n";
    assertThat(
            client
                .send(
                    "PUT",
                    "/workflows/tick",
                    yaml,
                    "Authorization",
                    "Bearer " + KEY,
                    "Content-Type",
                    "application/yaml")
                .statusCode())
        .isEqualTo(200);
    Awaitility.await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> {
              Map<String, Object> now = data(client.call("GET", "/schedules/tick", null));
              assertThat(now).containsEntry("cron", "@every 1h").containsEntry("override", null);
            });
  }

  /** Waits until a schedule has recorded at least {@code count} fires (started or not). */
  private static void awaitFires(String workflowId, int count) {
    await().atMost(Duration.ofSeconds(30)).until(() -> fireKeys(workflowId).size() >= count);
  }

  /** Waits until a schedule turned off has stopped firing: no new fire for a good second. */
  private static void awaitSettled(String workflowId) {
    await()
        .during(Duration.ofMillis(1_200))
        .atMost(Duration.ofSeconds(10))
        .until(
            new Callable<Boolean>() {
              private int last = -1;

              @Override
              public Boolean call() throws Exception {
                int now = fireKeys(workflowId).size();
                boolean same = now == last;
                last = now;
                return same && runs(workflowId).size() == now;
              }
            });
  }

  private static void awaitNoneRunning(String workflowId) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                runs(workflowId).stream()
                    .noneMatch(
                        r ->
                            List.of("pending", "running", "waiting", "paused")
                                .contains(r.status())));
  }

  @Test
  @Order(4)
  void aCloudEventProducedToKafkaStartsItsWorkflowOnceAndBadOnesGoToTheDeadLetterTopic()
      throws Exception {
    var props = new Properties();
    props.put("bootstrap.servers", platform.endpoints().kafkaBootstrap());
    String id = "order-" + UUID.randomUUID();
    String structured =
        "{\"specversion\": \"1.0\", \"id\": \""
            + id
            + "\", \"source\": \"shop\", \"type\": \"order.created\", "
            + "\"datacontenttype\": \"application/json\", \"data\": {\"order_id\": 42}}";
    try (var producer =
        new KafkaProducer<String, String>(props, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>("compozy.events", id, structured)).get();
      producer.send(new ProducerRecord<>("compozy.events", id, structured)).get(); // produced twice
      var binary = new ProducerRecord<String, String>("compozy.events", "b", "{\"order_id\": 7}");
      binary
          .headers()
          .add("ce_specversion", "1.0".getBytes())
          .add("ce_id", ("bin-" + id).getBytes())
          .add("ce_type", "order.created".getBytes())
          .add("ce_source", "shop".getBytes());
      producer.send(binary).get();
      producer
          .send(
              new ProducerRecord<>(
                  "compozy.events",
                  "bad",
                  "{\"specversion\": \"1.0\", \"id\": \"bad-"
                      + id
                      + "\", \"type\": \"order.created\", \"data\": {\"order_id\": \"nope\"}}"))
          .get();
      producer.send(new ProducerRecord<>("compozy.events", "junk", "this is not an event")).get();
    }
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> runs("on-order").size() >= 2);
    // a second start of the event produced twice would land within this time
    await()
        .during(Duration.ofMillis(2_000))
        .atMost(Duration.ofSeconds(10))
        .until(() -> runs("on-order").size() == 2);
    List<Run> runs = runs("on-order");
    assertThat(runs).hasSize(2);
    List<Object> orders = new ArrayList<>();
    for (Run r : runs) {
      client.awaitStatus(r.execId(), "success");
      orders.add(
          data(client.call("GET", "/executions/workflows/" + r.execId() + "/outputs", null))
              .get("output"));
    }
    assertThat(orders).containsExactlyInAnyOrder(Map.of("order", 42), Map.of("order", 7));

    // the ones that could not start are on the dead-letter topic, with the reason
    props.put("group.id", "dlt-" + UUID.randomUUID());
    props.put("auto.offset.reset", "earliest");
    List<String> reasons = new ArrayList<>();
    try (var consumer =
        new KafkaConsumer<String, String>(
            props, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of("compozy.events.DLT"));
      long end = System.currentTimeMillis() + 15_000;
      while (System.currentTimeMillis() < end && reasons.size() < 2) {
        for (var r : consumer.poll(Duration.ofMillis(300))) {
          var h = r.headers().lastHeader("compozy-error");
          reasons.add(r.key() + ": " + (h == null ? "" : new String(h.value())));
        }
      }
    }
    assertThat(reasons)
        .anySatisfy(
            r ->
                assertThat(r)
                    .startsWith("bad:")
                    .contains("does not match trigger 'order.created'")
                    .contains("/data/order_id"));
    assertThat(reasons)
        .anySatisfy(
            r -> assertThat(r).startsWith("junk:").contains("neither a structured CloudEvent"));

    // POST /events takes the same way
    assertThat(
            client
                .call(
                    "POST",
                    "/events",
                    "{\"name\": \"order.created\", \"payload\": {\"order_id\": 9}}")
                .statusCode())
        .isEqualTo(202);
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> runs("on-order").size() == 3);
  }

  static HttpResponse<String> hook(String slug, String body, String signature, String... headers)
      throws Exception {
    var b =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + platform.gatewayPort() + "/api/v0/hooks/" + slug))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (signature != null) {
      b.header("X-Hub-Signature-256", "sha256=" + signature);
    }
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String sign(String body) throws Exception {
    var mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec("test-secret".getBytes(), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(body.getBytes()));
  }

  @Test
  @Order(5)
  void aSignedWebhookStartsItsWorkflowOnceAndEveryOtherCaseAnswersClearly() throws Exception {
    String push =
        "{\"delivery\": \"d-1\", \"ref\": \"refs/heads/main\", \"repository\": \"acme/app\"}";
    HttpResponse<String> accepted = hook("github-push", push, sign(push));
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    Map<String, Object> a = data(accepted);
    assertThat(a).containsEntry("status", "accepted").containsEntry("event", "main-push");
    client.awaitStatus((String) a.get("exec_id"), "success");
    assertThat(
            data(
                client.call("GET", "/executions/workflows/" + a.get("exec_id") + "/outputs", null)))
        .containsEntry("output", Map.of("repo", "acme/app"));

    assertThat(hook("github-push", push, sign(push)).statusCode())
        .isEqualTo(409); // the same delivery again
    assertThat(hook("github-push", push, sign("{}")).statusCode()).isEqualTo(401);
    assertThat(hook("github-push", push, null).statusCode()).isEqualTo(401);
    String branch =
        "{\"delivery\": \"d-2\", \"ref\": \"refs/heads/dev\", \"repository\": \"acme/app\"}";
    HttpResponse<String> none = hook("github-push", branch, sign(branch));
    assertThat(none.statusCode()).isEqualTo(200);
    assertThat(data(none)).containsEntry("status", "no_matching_event");
    String noRepo = "{\"delivery\": \"d-3\", \"ref\": \"refs/heads/main\", \"repository\": \"\"}";
    HttpResponse<String> invalid = hook("github-push", noRepo, sign(noRepo));
    assertThat(invalid.statusCode()).isEqualTo(422);
    assertThat(invalid.body()).contains("/input/repo");
    String keyed =
        "{\"delivery\": \"d-4\", \"ref\": \"refs/heads/main\", \"repository\": \"acme/lib\"}";
    assertThat(hook("github-push", keyed, sign(keyed), "X-Idempotency-Key", "k-1").statusCode())
        .isEqualTo(202);
    assertThat(hook("github-push", keyed, sign(keyed), "X-Idempotency-Key", "k-1").statusCode())
        .isEqualTo(409);
    assertThat(hook("nowhere", push, sign(push)).statusCode()).isEqualTo(404);
    String huge = "{\"delivery\": \"d-5\", \"pad\": \"" + "x".repeat(1_100_000) + "\"}";
    assertThat(hook("github-push", huge, sign(huge)).statusCode()).isEqualTo(413);
    assertThat(runs("on-push")).hasSize(2);
  }

  @Test
  @Order(6)
  void withThreeSchedulerInstancesAndOneStoppedMidwayEachSecondFiresOnceWithoutGaps()
      throws Exception {
    var second = platform.startReplica("scheduler-service");
    var third = platform.startReplica("scheduler-service");
    long on = System.currentTimeMillis();
    assertThat(patch("beat", "{\"enabled\": true}").statusCode()).isEqualTo(200);
    awaitFires("beat", 3);
    third.close(); // one instance goes away in the middle
    awaitFires("beat", 6);
    assertThat(patch("beat", "{\"enabled\": false}").statusCode()).isEqualTo(200);
    long seconds = (System.currentTimeMillis() - on) / 1000;
    awaitSettled("beat");
    second.close();
    List<String> keys = fireKeys("beat");
    List<Run> runs = runs("beat");
    assertThat(runs.size())
        .as(seconds + " s on: " + keys)
        .isLessThanOrEqualTo((int) seconds + 1)
        .isEqualTo(keys.size());
    assertEverySecondOnce(keys);
    assertThat(runs).extracting(Run::execId).doesNotHaveDuplicates();
  }

  /** The fire keys name consecutive seconds: none fired twice, none skipped between them. */
  private static void assertEverySecondOnce(List<String> keys) {
    List<Instant> times =
        keys.stream()
            .map(k -> Instant.parse(k.substring(k.indexOf('@') + 1, k.indexOf('='))))
            .sorted()
            .toList();
    for (int i = 1; i < times.size(); i++) {
      assertThat(Duration.between(times.get(i - 1), times.get(i)))
          .as(keys.toString())
          .isEqualTo(Duration.ofSeconds(1));
    }
  }
}
