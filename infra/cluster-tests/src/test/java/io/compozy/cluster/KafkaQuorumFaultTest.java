package io.compozy.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.compozy.gateway.auth.ApiKeys;
import io.compozy.infra.embedded.Endpoints;
import io.compozy.infra.embedded.TestInfrastructure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The platform on a Kafka quorum of three nodes ({@code bin/cluster --kafka-brokers 3}, each node a
 * process of its own), one instance of each service (sized for two cores: three broker JVMs
 * replicating every record take what a second instance of each service would), with Postgres and
 * Redis from this JVM in a database of its own.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaQuorumFaultTest {
  static Path tmp;
  static ClusterProcess cluster;
  static StartingClient client;
  static FaultKit kit;

  @BeforeAll
  static void startCluster() throws Exception {
    tmp = FaultKit.freshDirectory("kafka-faults");
    Endpoints infra = TestInfrastructure.shared().endpoints();
    try (Connection c =
            DriverManager.getConnection(
                infra.jdbcUrl(), infra.postgresUser(), infra.postgresPassword());
        Statement s = c.createStatement()) {
      s.execute("drop database if exists kafka_faults");
      s.execute("create database kafka_faults");
    }
    String admin = ApiKeys.generate();
    Map<String, String> env = new HashMap<>(infra.environment());
    env.remove("COMPOZY_KAFKA_BOOTSTRAP");
    env.put("COMPOZY_POSTGRES_DB", "kafka_faults");
    env.put("COMPOZY_ADMIN_KEY", admin);
    cluster =
        ClusterProcess.start(
            tmp.resolve("data"),
            FaultKit.copyProject(tmp.resolve("project")),
            env,
            "--gateway",
            "1",
            "--workflow",
            "1",
            "--execution",
            "1",
            "--scheduler",
            "1",
            "--registry",
            "1",
            "--kafka-brokers",
            "3");
    kit =
        new FaultKit(
            cluster,
            "jdbc:postgresql://"
                + infra.postgresHost()
                + ":"
                + infra.postgresPort()
                + "/kafka_faults",
            infra.postgresUser(),
            infra.postgresPassword());
    client = new StartingClient(List.of(cluster.port("gateway#1")), admin);
    // a cold cluster first compiles its hot paths: what is measured after is what the fault costs
    List<String> warm = new ArrayList<>();
    Path records = Files.createFile(tmp.resolve("warm-up.txt"));
    long t0 = System.nanoTime();
    for (int i = 0; i < 100; i++) {
      FaultKit.pause(t0, i / 10.0);
      warm.add(
          client.start(
              "steps",
              "{\"input\": {\"n\": " + i + ", \"file\": \"" + records + "\"}}",
              "warm-kafka-" + i,
              0));
    }
    kit.awaitEnded(warm, Duration.ofMinutes(2));
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  /**
   * One of the three Kafka nodes killed under load and started again: every topic has three
   * replicas and takes a write once two have it, so nothing acknowledged is lost and writes go on
   * once the dead node's partitions have new leaders (it is fenced after 4 s).
   */
  @Test
  @Order(1)
  void withAKafkaNodeKilledUnderLoadNothingIsLostAndTheWorkGoesOn() throws Exception {
    Path records = Files.createFile(tmp.resolve("records-kafka.txt"));
    ExecutorService starters = Executors.newFixedThreadPool(16);
    Map<Integer, String> execIds = new ConcurrentHashMap<>();
    List<Future<?>> starts = new ArrayList<>();
    List<String> drillTimes = new CopyOnWriteArrayList<>();
    client.resetCounts();
    long t0 = System.nanoTime();
    Thread drills =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    FaultKit.pause(t0, 5);
                    kit.drill(drillTimes, t0, "kill", "kafka#2");
                    FaultKit.pause(t0, 15);
                    kit.drill(drillTimes, t0, "start", "kafka#2");
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                });
    int n = 300;
    for (int i = 0; i < n; i++) {
      int index = i;
      FaultKit.pause(t0, i / 10.0);
      starts.add(
          starters.submit(
              () -> {
                String body = "{\"input\": {\"n\": " + index + ", \"file\": \"" + records + "\"}}";
                execIds.put(index, client.start("steps", body, "fault-kafka-" + index, 0));
                return null;
              }));
    }
    for (Future<?> f : starts) {
      f.get();
    }
    drills.join();
    starters.shutdown();
    Map<String, FaultKit.Run> runs = kit.awaitEnded(execIds.values(), Duration.ofMinutes(2));
    assertThat(execIds).hasSize(n);
    assertThat(runs.values())
        .allSatisfy(r -> assertThat(r.status()).as(r.execId()).isEqualTo("success"));
    Map<String, Integer> timesRun = FaultKit.timesRun(records);
    for (int i = 0; i < n; i++) {
      for (String step : List.of("one", "two", "three")) {
        assertThat(timesRun.getOrDefault(i + " " + step, 0))
            .as("runs of step %s of execution %d", step, i)
            .isGreaterThanOrEqualTo(1);
      }
    }
    List<Long> latencies =
        runs.values().stream()
            .map(r -> Duration.between(r.created(), r.ended()).toMillis())
            .sorted()
            .toList();
    System.out.printf(
        "kafka node killed: %d executions, all success; %d duplicate tool runs of %d steps;"
            + " execution time p50 %d ms, p99 %d ms, slowest %d ms; %s; answers %s, slowest answer"
            + " %d ms%n",
        n,
        timesRun.values().stream().mapToInt(c -> c - 1).sum(),
        3 * n,
        latencies.get(latencies.size() / 2),
        latencies.get((int) (latencies.size() * 0.99)),
        latencies.getLast(),
        drillTimes,
        client.answers,
        client.slowestAnswerMillis.get());
    assertThat(Duration.ofMillis(latencies.getLast()))
        .as("the longest an execution waited")
        .isLessThan(ClusterFaultTest.STALL_BOUND);
    assertThat(client.slowestAnswerMillis.get()).as("the slowest answer, ms").isLessThan(35_000);
    assertThat(client.answers.keySet())
        .as("every answer's status")
        .allSatisfy(s -> assertThat(s).isIn(202, 200, 503, 429, 409));
    assertThat(client.missingRetryAfter.get()).as("503s without Retry-After").isZero();
    assertThat(cluster.status()).doesNotContain("STOPPED").doesNotContain("DOWN");
  }

  /**
   * A launcher killed with SIGKILL cannot stop its instances: each one (the services and the Kafka
   * nodes) watches the launcher's process and stops by itself, freeing its ports.
   */
  @Test
  @Order(2)
  void whenTheLauncherIsKilledEveryInstanceStopsByItself() throws Exception {
    List<Long> pids = ClusterProcess.pids(cluster.status());
    assertThat(pids).as("instances in the table").hasSize(8);
    assertThat(pids)
        .allSatisfy(
            pid -> assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true));
    cluster.killLauncher();
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () ->
                assertThat(pids)
                    .as("instances still running")
                    .allSatisfy(
                        pid ->
                            assertThat(
                                    ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                                .isFalse()));
  }
}
