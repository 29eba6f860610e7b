package io.compozy.bench;

import com.sun.management.OperatingSystemMXBean;
import io.compozy.gateway.auth.ApiKeys;
import io.compozy.infra.embedded.DataDirectories;
import io.compozy.standalone.Standalone;
import io.compozy.standalone.StandaloneOptions;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a user waits for, through the gateway of a fresh standalone platform running the bundled
 * hello workflow: a synchronous start (request sent → output received), one at a time, and the time
 * from opening an execution's event stream, right after its 202, to its first event. Usage:
 * bin/benchmark api [N=300] [WARMUP_S=60].
 */
public final class ApiLatencyBenchmark {
  private static final Pattern EXEC_ID = Pattern.compile("\"exec_id\":\"(exec_[^\"]+)\"");

  private ApiLatencyBenchmark() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    int warmupSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 300;
    Path data = Files.createTempDirectory("compozy-api-bench");
    String admin = ApiKeys.generate();
    try (Standalone platform =
        Standalone.start(new StandaloneOptions(data, null, 0, 0, 0, 0, 0, admin))) {
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      String base = "http://127.0.0.1:" + platform.gatewayPort() + "/api/v0";
      // a key of its own rate, so the benchmark measures latency, not the limiter
      String key = BenchKeys.unlimited(http, base, admin);
      HttpRequest sync =
          HttpRequest.newBuilder(URI.create(base + "/workflows/my-workflow/executions/sync"))
              .header("Authorization", "Bearer " + key)
              .header("Content-Type", "application/json")
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      "{\"input\": {\"message\": \"Hello, world!\"}}"))
              .build();
      warmUp(http, sync, Duration.ofSeconds(warmupSeconds));
      for (int i = 0; i < Math.min(50, n); i++) {
        http.send(sync, HttpResponse.BodyHandlers.ofString()); // and one at a time
      }
      double[] syncMs = new double[n];
      Map<String, long[]> sentAndAnswered = new HashMap<>();
      var os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      long cpuBefore = os.getProcessCpuTime();
      for (int i = 0; i < n; i++) {
        long sentAt = System.currentTimeMillis();
        long t0 = System.nanoTime();
        HttpResponse<String> r = http.send(sync, HttpResponse.BodyHandlers.ofString());
        syncMs[i] = (System.nanoTime() - t0) / 1e6;
        if (r.statusCode() != 200) {
          throw new IllegalStateException(
              "sync start answered " + r.statusCode() + ": " + r.body());
        }
        Matcher id = EXEC_ID.matcher(r.body());
        if (id.find()) {
          sentAndAnswered.put(id.group(1), new long[] {sentAt, System.currentTimeMillis()});
        }
      }
      // the platform's JVM (five services, the broker, this harness); Postgres, Redis and Node run
      // apart
      double cpuPerSync = (os.getProcessCpuTime() - cpuBefore) / 1e6 / n;
      List<String> hops = HopTimes.of(platform.endpoints(), sentAndAnswered);
      int streams = Math.max(20, n / 5);
      double[] firstEventMs = new double[streams];
      HttpRequest start =
          HttpRequest.newBuilder(URI.create(base + "/workflows/my-workflow/executions"))
              .header("Authorization", "Bearer " + key)
              .header("Content-Type", "application/json")
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      "{\"input\": {\"message\": \"Hello, stream!\"}}"))
              .build();
      for (int i = 0; i < streams; i++) {
        Matcher m = EXEC_ID.matcher(http.send(start, HttpResponse.BodyHandlers.ofString()).body());
        if (!m.find()) {
          throw new IllegalStateException("no exec_id in the start answer");
        }
        HttpRequest stream =
            HttpRequest.newBuilder(
                    URI.create(base + "/executions/workflows/" + m.group(1) + "/stream"))
                .header("Authorization", "Bearer " + key)
                .header("Accept", "text/event-stream")
                .timeout(Duration.ofSeconds(30))
                .build();
        long t0 = System.nanoTime();
        try (var lines = http.send(stream, HttpResponse.BodyHandlers.ofLines()).body()) {
          lines.filter(l -> l.startsWith("id:")).findFirst();
        }
        firstEventMs[i] = (System.nanoTime() - t0) / 1e6;
      }
      Arrays.sort(syncMs);
      Arrays.sort(firstEventMs);
      System.out.printf(
          Locale.ROOT,
          "%nCompozy API latency through the gateway, on %d cores (everything in one process)%n",
          Runtime.getRuntime().availableProcessors());
      System.out.printf(
          Locale.ROOT,
          "  sync start of hello (one at a time, %d)   p50 %7.1f ms   p99 %7.1f ms%n",
          n,
          p(syncMs, 50),
          p(syncMs, 99));
      System.out.printf(
          Locale.ROOT,
          "  stream open -> first event (%d)           p50 %7.1f ms   p99 %7.1f ms%n",
          streams,
          p(firstEventMs, 50),
          p(firstEventMs, 99));
      System.out.printf(
          Locale.ROOT,
          "  CPU of the platform's JVM per sync start  %7.1f ms (Postgres, Redis and the Node tool"
              + " run apart)%n",
          cpuPerSync);
      System.out.println(
          "  where a sync start's time goes (p50 of each hop, from Kafka record and Postgres"
              + " timestamps, ms resolution):");
      hops.forEach(h -> System.out.println("    " + h));
    } finally {
      DataDirectories.delete(data);
    }
    System.exit(0);
  }

  /**
   * Sync starts, eight at a time, for a while: the JIT compiles the hot paths of five services (on
   * two cores that takes minutes: after 90 s the compiler still took a third of the JVM's CPU, and
   * a sync start measured ~35 ms; after 5 minutes ~25 ms), so what is measured after is a running
   * platform, not a cold one.
   */
  private static void warmUp(HttpClient http, HttpRequest sync, Duration duration)
      throws InterruptedException {
    long end = System.nanoTime() + duration.toNanos();
    Semaphore inFlight = new Semaphore(8);
    while (System.nanoTime() < end) {
      inFlight.acquire();
      http.sendAsync(sync, HttpResponse.BodyHandlers.discarding())
          .whenComplete((r, e) -> inFlight.release());
    }
    inFlight.acquire(8);
  }

  private static double p(double[] sorted, int percentile) {
    return sorted[
        Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1)];
  }
}
