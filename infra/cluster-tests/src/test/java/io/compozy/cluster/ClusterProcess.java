package io.compozy.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A cluster started as a user starts it (the launcher of {@code bin/cluster}, as a process), and
 * its fault drills run as a user runs them ({@code bin/cluster kill} and {@code start}, each a
 * process of its own).
 */
final class ClusterProcess implements AutoCloseable {
  static final Path HOME =
      Path.of(System.getProperty("compozy.cluster.home", "../..")).toAbsolutePath().normalize();
  private static final Path JAR =
      HOME.resolve("infra/standalone/target/standalone-0.1.0-SNAPSHOT-exec.jar");
  private static final Pattern ROW =
      Pattern.compile("^([a-z]+)\\s+#(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+UP\\b.*");

  private final Process process;
  private final Path dataDir;
  private final Path output;
  private final Map<String, Integer> ports;

  private ClusterProcess(Process process, Path dataDir, Path output, Map<String, Integer> ports) {
    this.process = process;
    this.dataDir = dataDir;
    this.output = output;
    this.ports = ports;
  }

  /**
   * Starts a cluster with {@code options} (instance counts...) and waits until it says it is ready.
   */
  static ClusterProcess start(
      Path dataDir, Path project, Map<String, String> environment, String... options)
      throws Exception {
    List<String> command = launcher();
    command.addAll(
        List.of(
            "--data-dir",
            dataDir.toString(),
            "--project",
            project.toString(),
            "--port",
            "0",
            "--heap",
            "384m"));
    command.addAll(List.of(options));
    Path output = dataDir.resolveSibling(dataDir.getFileName() + "-launcher.log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(environment);
    Process process = builder.start();
    Map<String, Integer> ports = new LinkedHashMap<>();
    CompletableFuture<Boolean> ready = new CompletableFuture<>();
    // one reader for the launcher's whole life: a launcher whose output nobody reads blocks on its
    // next line
    Thread.ofPlatform()
        .daemon()
        .name("cluster-output")
        .start(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  Files.writeString(
                      output, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                  Matcher row = ROW.matcher(line);
                  if (row.matches() && !ready.isDone()) {
                    ports.put(row.group(1) + "#" + row.group(2), Integer.parseInt(row.group(4)));
                  }
                  if (line.contains("Compozy cluster is ready")) {
                    ready.complete(true);
                  }
                }
              } catch (IOException e) {
                // the launcher stopped
              } finally {
                ready.complete(false);
              }
            });
    boolean up;
    try {
      up = ready.get(8, TimeUnit.MINUTES);
    } catch (TimeoutException e) {
      up = false;
    }
    if (!up) {
      process.destroyForcibly();
      throw new AssertionError("the cluster did not become ready; its output:\n" + tail(output));
    }
    return new ClusterProcess(process, dataDir, output, ports);
  }

  private static List<String> launcher() {
    return new ArrayList<>(
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Dcompozy.cluster.home=" + HOME,
            "-Dloader.main=io.compozy.standalone.cluster.ClusterCommand",
            "-cp",
            JAR.toString(),
            "org.springframework.boot.loader.launch.PropertiesLauncher"));
  }

  int port(String instance) {
    Integer port = ports.get(instance);
    if (port == null) {
      throw new IllegalArgumentException("no " + instance + " in " + ports);
    }
    return port;
  }

  /** {@code bin/cluster kill SERVICE#N}. */
  void kill(String instance) throws Exception {
    drill("kill", instance);
  }

  /** {@code bin/cluster start SERVICE#N}: returns once the instance is ready again. */
  void startAgain(String instance) throws Exception {
    drill("start", instance);
  }

  /** {@code bin/cluster status}: the table. */
  String status() throws Exception {
    return drill("status", null);
  }

  private String drill(String verb, String instance) throws Exception {
    // bin/cluster's own main class, on this test's class path: starting a JVM on the launcher's fat
    // jar took up to 18 s on two busy cores, which is not what the drill is about
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "io.compozy.standalone.cluster.ClusterCommand"));
    command.addAll(List.of("--data-dir", dataDir.toString(), verb));
    if (instance != null) {
      command.add(instance);
    }
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new AssertionError("bin/cluster " + verb + " " + instance + " failed: " + out);
    }
    return out;
  }

  String launcherOutput() {
    return tail(output);
  }

  private static String tail(Path file) {
    try {
      List<String> lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (IOException e) {
      return "(no output: " + e + ")";
    }
  }

  /** The pid of every instance in a {@link #status()} table. */
  static List<Long> pids(String status) {
    List<Long> pids = new ArrayList<>();
    Matcher row = Pattern.compile("(?m)^[a-z-]+\\s+#\\d+\\s+(\\d+)\\s+\\d+\\s+").matcher(status);
    while (row.find()) {
      pids.add(Long.parseLong(row.group(1)));
    }
    return pids;
  }

  /** SIGKILL to the launcher itself, as a crash would: it cannot stop its instances. */
  void killLauncher() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** Ctrl-C: every instance stops, then the launcher. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(Duration.ofMinutes(2).toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
