package io.compozy.standalone.bench;

import io.compozy.gateway.auth.ApiKeys;
import io.compozy.infra.embedded.Endpoints;
import io.compozy.standalone.Standalone;
import io.compozy.standalone.StandaloneOptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Runs N executions of a three-step workflow (a no-op script tool per step) through the gateway of
 * a fresh standalone platform, C at a time, and prints executions/s, end-to-end latency (from the
 * accepted start to the execution's end, as Postgres records them), the time per step, and the
 * orchestrator's own time per message (load, decide, write, commit). Usage: bin/benchmark [N] [C].
 */
public final class EngineBenchmark {
  private EngineBenchmark() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 32;
    Path data = Files.createTempDirectory("compozy-bench");
    Path project = unpackProject(data.resolve("project"));
    String key = ApiKeys.generate();
    try (Standalone platform = Standalone.start(new StandaloneOptions(data.resolve("data"), project, 0, 0, 0, 0, 0, key))) {
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      URI start = URI.create("http://127.0.0.1:" + platform.gatewayPort() + "/api/v0/workflows/three-steps/executions");
      run(http, start, key, Math.min(200, n), concurrency, platform.endpoints()); // warm-up
      long warm = finishedCount(platform.endpoints());
      Timer batches = batchTimer(platform);
      long batchCountBefore = batches.count();
      double batchNanosBefore = batches.totalTime(TimeUnit.NANOSECONDS);
      double messagesBefore = messages(platform);

      long t0 = System.nanoTime();
      run(http, start, key, n, concurrency, platform.endpoints());
      double seconds = (System.nanoTime() - t0) / 1e9;

      double messages = messages(platform) - messagesBefore;
      double batchMillis = (batches.totalTime(TimeUnit.NANOSECONDS) - batchNanosBefore) / 1e6;
      long batchCount = batches.count() - batchCountBefore;
      List<Double> e2e = new ArrayList<>();
      List<Double> steps = new ArrayList<>();
      measure(platform.endpoints(), warm, e2e, steps);
      System.out.printf(Locale.ROOT, "%nCompozy engine benchmark: %d executions of a 3-step workflow, %d at a time, on %d cores%n",
          n, concurrency, Runtime.getRuntime().availableProcessors());
      System.out.printf(Locale.ROOT, "  throughput            %8.1f executions/s (%.1f steps/s)%n", n / seconds, 3 * n / seconds);
      System.out.printf(Locale.ROOT, "  end-to-end latency    p50 %7.1f ms   p99 %7.1f ms   (start accepted -> execution ended)%n",
          percentile(e2e, 50), percentile(e2e, 99));
      System.out.printf(Locale.ROOT, "  per step              p50 %7.1f ms   p99 %7.1f ms   (dispatch -> result applied, through Kafka and the Node worker)%n",
          percentile(steps, 50), percentile(steps, 99));
      System.out.printf(Locale.ROOT, "  orchestrator          %7.2f ms per message (%d batches, %.1f messages per batch; load, decide, write, commit)%n",
          batchMillis / Math.max(1, messages), batchCount, messages / Math.max(1, batchCount));
    }
    System.exit(0);
  }

  private static void run(HttpClient http, URI start, String key, int n, int concurrency, Endpoints endpoints) throws Exception {
    long target = finishedCount(endpoints) + n;
    Semaphore inFlight = new Semaphore(concurrency);
    List<CompletableFuture<?>> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      inFlight.acquire();
      HttpRequest request = HttpRequest.newBuilder(start)
          .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"input\": {}}")).build();
      all.add(http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> inFlight.release()));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    // the harness reads Postgres, the record of truth, every 20 ms until all have ended
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    try (Connection c = connect(endpoints)) {
      while (finishedCount(c) < target) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("executions did not finish within 5 minutes");
        }
        Thread.sleep(20);
      }
    }
  }

  private static Connection connect(Endpoints e) throws Exception {
    return DriverManager.getConnection(e.jdbcUrl(), e.postgresUser(), e.postgresPassword());
  }

  private static long finishedCount(Endpoints e) throws Exception {
    try (Connection c = connect(e)) {
      return finishedCount(c);
    }
  }

  private static long finishedCount(Connection c) throws Exception {
    try (ResultSet rs = c.createStatement().executeQuery(
        "select count(*) from engine.executions where status in ('success', 'failed', 'timed_out', 'canceled')")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void measure(Endpoints e, long skip, List<Double> e2e, List<Double> steps) throws Exception {
    try (Connection c = connect(e)) {
      try (ResultSet rs = c.createStatement().executeQuery(
          "select extract(epoch from (ended_at - created_at)) * 1000 from engine.executions "
              + "where ended_at is not null order by created_at offset " + skip)) {
        while (rs.next()) {
          e2e.add(rs.getDouble(1));
        }
      }
      try (ResultSet rs = c.createStatement().executeQuery(
          "select extract(epoch from (t.ended_at - t.started_at)) * 1000 from engine.task_states t "
              + "join (select exec_id from engine.executions order by created_at offset " + skip + ") x on x.exec_id = t.exec_id")) {
        while (rs.next()) {
          steps.add(rs.getDouble(1));
        }
      }
    }
  }

  private static double percentile(List<Double> values, int p) {
    List<Double> sorted = values.stream().sorted().toList();
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }

  private static MeterRegistry workflowMeters(Standalone platform) {
    return platform.contexts().stream()
        .filter(ctx -> "workflow-service".equals(ctx.getEnvironment().getProperty("spring.application.name")))
        .findFirst().orElseThrow().getBean(MeterRegistry.class);
  }

  private static Timer batchTimer(Standalone platform) {
    return workflowMeters(platform).get("compozy.engine.batch").timer();
  }

  private static double messages(Standalone platform) {
    return workflowMeters(platform).get("compozy.engine.messages").counter().count();
  }

  private static Path unpackProject(Path dir) throws IOException {
    for (String file : List.of("compozy.yaml", "tools.js", "workflows/three-steps.yaml")) {
      Path dest = dir.resolve(file);
      Files.createDirectories(dest.getParent());
      try (InputStream in = EngineBenchmark.class.getResourceAsStream("/bench/" + file)) {
        Files.copy(in, dest);
      }
    }
    return dir;
  }
}
