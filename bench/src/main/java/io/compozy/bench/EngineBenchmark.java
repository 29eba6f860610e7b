package io.compozy.bench;

import io.compozy.gateway.auth.ApiKeys;
import io.compozy.infra.embedded.DataDirectories;
import io.compozy.infra.embedded.Endpoints;
import io.compozy.standalone.Standalone;
import io.compozy.standalone.StandaloneOptions;
import io.compozy.support.execution.ExecutionRecords;
import io.compozy.support.kafka.CommitFailures;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starts executions of a three-step workflow (a no-op script tool per step) through the gateway of
 * a fresh standalone platform at a fixed rate (open loop: a start goes out on time whether or not
 * earlier ones ended, so a platform that falls behind shows it in its latency), after a warm-up at
 * the same rate, and prints executions/s, end-to-end latency (from the moment a start was due to
 * the execution's end as Postgres records it), the time per step and the orchestrator's own time
 * per message (read, decide, write), and where the time of each hop goes. Usage: bin/benchmark
 * [N=3000] [RATE=100] [WARMUP_S=300].
 */
public final class EngineBenchmark {
  private static final Pattern EXEC_ID = Pattern.compile("\"exec_id\"\\s*:\\s*\"(exec_[^\"]+)\"");

  private EngineBenchmark() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
    double rate = args.length > 1 ? Double.parseDouble(args[1]) : 100;
    // five minutes: on two cores the JIT compiler works for about three (measured: 67 s of compile
    // time in the second minute, 45 s in the third, 10 s in the fourth), taking the cores the
    // platform's steady state would have
    int warmupSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 300;
    Path data = Files.createTempDirectory("compozy-bench");
    Path project = unpackProject(data.resolve("project"));
    String admin = ApiKeys.generate();
    // COMPOZY_BENCH_TRACING: off (no spans at all), or the share of executions traced and sent to
    // Zipkin (0.1, 1), or traced and sent nowhere (0.1:local, the default where no collector is
    // named; 1:local)
    String tracing = System.getenv().getOrDefault("COMPOZY_BENCH_TRACING", "off");
    StandaloneOptions options =
        new StandaloneOptions(data.resolve("data"), project, 0, 0, 0, 0, 0, admin);
    if (tracing.equals("off")) {
      System.setProperty("management.tracing.enabled", "false");
    } else {
      boolean local = tracing.endsWith(":local");
      System.setProperty(
          "management.tracing.sampling.probability",
          Double.toString(Double.parseDouble(tracing.replace(":local", ""))));
      options = local ? options : options.withTracing(0);
    }
    System.out.println("tracing: " + tracing);
    try (Standalone platform = Standalone.start(options)) {
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      String key =
          BenchKeys.unlimited(
              http, "http://127.0.0.1:" + platform.gatewayPort() + "/api/v0", admin);
      URI start =
          URI.create(
              "http://127.0.0.1:"
                  + platform.gatewayPort()
                  + "/api/v0/workflows/three-steps/executions");
      // warm-up at the same rate: the JIT compiles the hot paths of five services (minutes of
      // compiler time on two cores) and pools fill; what is measured after is the platform's own
      // pace
      run(http, start, key, (int) (rate * warmupSeconds), rate, platform.endpoints());
      Timer batches = batchTimer(platform);
      long batchCountBefore = batches.count();
      double batchNanosBefore = batches.totalTime(TimeUnit.NANOSECONDS);
      double messagesBefore = messages(platform);
      long compileMillisBefore = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();

      Map<String, Long> due = run(http, start, key, n, rate, platform.endpoints());

      double messages = messages(platform) - messagesBefore;
      long compileMillis =
          ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - compileMillisBefore;
      double batchMillis = (batches.totalTime(TimeUnit.NANOSECONDS) - batchNanosBefore) / 1e6;
      long batchCount = batches.count() - batchCountBefore;
      Measured m = measure(platform.endpoints(), due);
      System.out.printf(
          Locale.ROOT,
          "%nCompozy engine benchmark: %d executions of a 3-step workflow started at %.0f/s (after"
              + " %d s of warm-up), on %d cores%n",
          n,
          rate,
          warmupSeconds,
          Runtime.getRuntime().availableProcessors());
      System.out.printf(
          Locale.ROOT,
          "  throughput            %8.1f executions/s (%.1f steps/s; first start due -> last"
              + " execution ended)%n",
          n / m.seconds(),
          3 * n / m.seconds());
      System.out.printf(
          Locale.ROOT,
          "  end-to-end latency    p50 %7.1f ms   p99 %7.1f ms   max %7.1f ms (start due ->"
              + " execution ended)%n",
          percentile(m.e2e(), 50),
          percentile(m.e2e(), 99),
          percentile(m.e2e(), 100));
      System.out.printf(
          Locale.ROOT,
          "  per step              p50 %7.1f ms   p99 %7.1f ms   (dispatch -> result applied,"
              + " through Kafka and the Node worker)%n",
          percentile(m.steps(), 50),
          percentile(m.steps(), 99));
      System.out.printf(
          Locale.ROOT,
          "  orchestrator          %7.2f ms per message (%d batches, %.1f messages per batch; read,"
              + " decide, write)%n",
          batchMillis / Math.max(1, messages),
          batchCount,
          messages / Math.max(1, batchCount));
      System.out.printf(
          Locale.ROOT,
          "  JIT compiler          %7.2f s of compile time per second measured (a warm platform:"
              + " close to 0)%n",
          compileMillis / 1000.0 / m.seconds());
      System.out.printf(
          Locale.ROOT,
          "  offset commits failed %8.0f (whole run, all services; each a batch a crash would"
              + " deliver again: want 0)%n",
          commitFailures(platform));
      System.out.println(
          "  where the time goes (Kafka record timestamps; each hop includes the queue before"
              + " it):");
      StepHops.of(platform.endpoints(), due, List.of("one", "two", "three"))
          .forEach(System.out::println);
    } finally {
      DataDirectories.delete(data);
    }
    System.exit(0);
  }

  /**
   * Starts {@code n} executions at {@code rate} per second, waits until all ended, returns each
   * one's due time (epoch ms).
   */
  static Map<String, Long> run(
      HttpClient http, URI start, String key, int n, double rate, Endpoints endpoints)
      throws Exception {
    Map<String, Long> due = new ConcurrentHashMap<>();
    List<CompletableFuture<?>> all = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger sent = new AtomicInteger();
    CountDownLatch allSent = new CountDownLatch(1);
    long periodNanos = (long) (1e9 / rate);
    long firstDue = System.currentTimeMillis();
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    ticker.scheduleAtFixedRate(
        () -> {
          int i = sent.getAndIncrement();
          if (i >= n) {
            allSent.countDown();
            return;
          }
          long dueAt = firstDue + (long) (i * 1000 / rate);
          HttpRequest request =
              HttpRequest.newBuilder(start)
                  .header("Authorization", "Bearer " + key)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString("{\"input\": {}}"))
                  .build();
          all.add(
              http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                  .thenAccept(
                      r -> {
                        Matcher id = EXEC_ID.matcher(r.body());
                        if (r.statusCode() != 202 || !id.find()) {
                          throw new IllegalStateException(
                              "a start was answered " + r.statusCode() + ": " + r.body());
                        }
                        due.put(id.group(1), dueAt);
                      }));
        },
        0,
        periodNanos,
        TimeUnit.NANOSECONDS);
    allSent.await();
    ticker.shutdownNow();
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    awaitEnded(endpoints, due.keySet());
    return due;
  }

  /** Asks Postgres, the record of truth, until every execution has ended (5 minutes at most). */
  private static void awaitEnded(Endpoints endpoints, Set<String> ids) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    CompletableFuture<Void> ended = new CompletableFuture<>();
    ScheduledExecutorService poll = Executors.newSingleThreadScheduledExecutor();
    try (Connection c = connect(endpoints)) {
      String[] array = ids.toArray(String[]::new);
      poll.scheduleWithFixedDelay(
          () -> {
            try (PreparedStatement q =
                c.prepareStatement(
                    "select count(*) from "
                        + ExecutionRecords.EXECUTIONS
                        + " where exec_id = any(?) and ended_at is"
                        + " not null")) {
              q.setArray(1, c.createArrayOf("text", array));
              try (ResultSet rs = q.executeQuery()) {
                rs.next();
                if (rs.getLong(1) >= array.length) {
                  ended.complete(null);
                } else if (System.nanoTime() > deadline) {
                  ended.completeExceptionally(
                      new IllegalStateException("executions did not finish within 5 minutes"));
                }
              }
            } catch (Exception e) {
              ended.completeExceptionally(e);
            }
          },
          0,
          50,
          TimeUnit.MILLISECONDS);
      ended.join();
    } finally {
      poll.shutdownNow();
    }
  }

  private static Connection connect(Endpoints e) throws Exception {
    return DriverManager.getConnection(e.jdbcUrl(), e.postgresUser(), e.postgresPassword());
  }

  record Measured(List<Double> e2e, List<Double> steps, double seconds) {}

  static Measured measure(Endpoints e, Map<String, Long> due) throws Exception {
    List<Double> e2e = new ArrayList<>();
    List<Double> steps = new ArrayList<>();
    long lastEnd = 0;
    try (Connection c = connect(e)) {
      Array ids = c.createArrayOf("text", due.keySet().toArray(String[]::new));
      try (PreparedStatement q =
          c.prepareStatement(
              "select exec_id, (extract(epoch from ended_at) * 1000)::bigint from "
                  + ExecutionRecords.EXECUTIONS
                  + " where exec_id = any(?)")) {
        q.setArray(1, ids);
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            long end = rs.getLong(2);
            e2e.add((double) (end - due.get(rs.getString(1))));
            lastEnd = Math.max(lastEnd, end);
          }
        }
      }
      try (PreparedStatement q =
          c.prepareStatement(
              "select extract(epoch from (ended_at - started_at)) * 1000 from "
                  + ExecutionRecords.TASK_STATES
                  + " where exec_id = any(?)")) {
        q.setArray(1, ids);
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            steps.add(rs.getDouble(1));
          }
        }
      }
    }
    long firstDue = due.values().stream().mapToLong(Long::longValue).min().orElse(lastEnd);
    return new Measured(e2e, steps, (lastEnd - firstDue) / 1000.0);
  }

  static double percentile(List<Double> values, int p) {
    List<Double> sorted = values.stream().sorted().toList();
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }

  private static MeterRegistry workflowMeters(Standalone platform) {
    return platform.contexts().stream()
        .filter(
            ctx ->
                "workflow-service"
                    .equals(ctx.getEnvironment().getProperty("spring.application.name")))
        .findFirst()
        .orElseThrow()
        .getBean(MeterRegistry.class);
  }

  private static double commitFailures(Standalone platform) {
    return platform.contexts().stream()
        .flatMap(
            ctx -> ctx.getBean(MeterRegistry.class).find(CommitFailures.METER).counters().stream())
        .mapToDouble(Counter::count)
        .sum();
  }

  private static Timer batchTimer(Standalone platform) {
    return workflowMeters(platform).get("compozy.engine.batch").timer();
  }

  private static double messages(Standalone platform) {
    return workflowMeters(platform).get("compozy.engine.messages").counter().count();
  }

  static Path unpackProject(Path dir) throws IOException {
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
