package io.compozy.bench;

import io.compozy.infra.embedded.DataDirectories;
import io.compozy.standalone.cluster.ClusterService;
import io.compozy.standalone.cluster.InstanceName;
import io.compozy.standalone.cluster.Supervisor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The engine benchmark against the platform as separate processes (bin/cluster's launcher, in this
 * JVM, with Kafka, Postgres and Redis): the same three-step workflow, open loop at a fixed rate
 * after a warm-up, with a chosen number of workflow-service and execution-service instances. Usage:
 * bin/benchmark cluster [--workflow N] [--execution N] [N=3000] [RATE=100] [WARMUP_S=120].
 */
public final class ClusterBenchmark {
  private static final Pattern ADMIN_KEY = Pattern.compile("COMPOZY_API_KEY=(cpzy_[A-Za-z0-9_-]+)");

  private ClusterBenchmark() {}

  public static void main(String[] args) throws Exception {
    int workflows = 1;
    int executions = 1;
    List<String> positional = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--workflow" -> workflows = Integer.parseInt(args[++i]);
        case "--execution" -> executions = Integer.parseInt(args[++i]);
        default -> positional.add(args[i]);
      }
    }
    int n = positional.size() > 0 ? Integer.parseInt(positional.get(0)) : 3000;
    double rate = positional.size() > 1 ? Double.parseDouble(positional.get(1)) : 100;
    int warmupSeconds = positional.size() > 2 ? Integer.parseInt(positional.get(2)) : 120;
    Path data = Files.createTempDirectory("compozy-cluster-bench");
    Path project = EngineBenchmark.unpackProject(data.resolve("project"));
    Map<ClusterService, Integer> counts = new EnumMap<>(ClusterService.class);
    counts.put(ClusterService.GATEWAY, 1);
    counts.put(ClusterService.REGISTRY, 1);
    counts.put(ClusterService.SCHEDULER, 1);
    counts.put(ClusterService.WORKFLOW, workflows);
    counts.put(ClusterService.EXECUTION, executions);
    Path home =
        Path.of(System.getProperty("compozy.cluster.home", ".")).toAbsolutePath().normalize();
    ByteArrayOutputStream launcherOutput = new ByteArrayOutputStream();
    PrintStream out =
        new PrintStream(new Tee(System.out, launcherOutput), true, StandardCharsets.UTF_8);
    try (Supervisor cluster =
        Supervisor.start(
            new Supervisor.Plan(data.resolve("data"), project, 0, counts, "512m", home), out)) {
      Matcher admin = ADMIN_KEY.matcher(launcherOutput.toString(StandardCharsets.UTF_8));
      if (!admin.find()) {
        throw new IllegalStateException("the gateway printed no admin key");
      }
      int gateway = cluster.ports().get(new InstanceName(ClusterService.GATEWAY, 1));
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      String key =
          BenchKeys.unlimited(http, "http://127.0.0.1:" + gateway + "/api/v0", admin.group(1));
      URI start =
          URI.create("http://127.0.0.1:" + gateway + "/api/v0/workflows/three-steps/executions");
      EngineBenchmark.run(
          http, start, key, (int) (rate * warmupSeconds), rate, cluster.endpoints());
      Map<String, Long> cpuBefore = CpuTime.byPart(data);
      Map<String, Long> due = EngineBenchmark.run(http, start, key, n, rate, cluster.endpoints());
      Map<String, Long> cpuAfter = CpuTime.byPart(data);
      EngineBenchmark.Measured m = EngineBenchmark.measure(cluster.endpoints(), due);
      System.out.printf(
          Locale.ROOT,
          "%nCompozy cluster benchmark: %d × workflow-service, %d × execution-service (1 gateway,"
              + " registry, scheduler; each its own JVM); %d executions of a 3-step workflow"
              + " started at %.0f/s after %d s of warm-up, on %d cores%n",
          workflows,
          executions,
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
          EngineBenchmark.percentile(m.e2e(), 50),
          EngineBenchmark.percentile(m.e2e(), 99),
          EngineBenchmark.percentile(m.e2e(), 100));
      System.out.printf(
          Locale.ROOT,
          "  per step              p50 %7.1f ms   p99 %7.1f ms%n",
          EngineBenchmark.percentile(m.steps(), 50),
          EngineBenchmark.percentile(m.steps(), 99));
      System.out.println(
          "  CPU per execution, by part (user + system time of its processes during the measured"
              + " run):");
      cpuAfter.forEach(
          (part, millis) ->
              System.out.printf(
                  Locale.ROOT,
                  "    %-44s %6.2f ms%n",
                  part,
                  (millis - cpuBefore.getOrDefault(part, 0L)) / (double) n));
      System.out.println(
          "  where the time goes (Kafka record timestamps; each hop includes the queue before"
              + " it):");
      StepHops.of(cluster.endpoints(), due, List.of("one", "two", "three"))
          .forEach(System.out::println);
    } finally {
      DataDirectories.delete(data);
    }
    System.exit(0);
  }

  /**
   * Writes to two streams: the launcher's lines are shown and kept (the admin key is among them).
   */
  private static final class Tee extends OutputStream {
    private final OutputStream a;
    private final OutputStream b;

    Tee(OutputStream a, OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public synchronized void write(int c) throws IOException {
      a.write(c);
      b.write(c);
    }

    @Override
    public synchronized void write(byte[] bytes, int off, int len) throws IOException {
      a.write(bytes, off, len);
      b.write(bytes, off, len);
    }

    @Override
    public void flush() throws IOException {
      a.flush();
      b.flush();
    }
  }
}
