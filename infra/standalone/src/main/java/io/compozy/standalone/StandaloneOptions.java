package io.compozy.standalone;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How standalone mode runs: where its data lives, which project it loads (null: the bundled hello
 * example), the gateway's port and the services' ports (0 = any free port), and an optional admin
 * key to create instead of printing a generated one.
 */
public record StandaloneOptions(
    Path dataDir,
    @Nullable Path projectDir,
    int gatewayPort,
    int registryPort,
    int executionPort,
    int workflowPort,
    int schedulerPort,
    @Nullable String adminKey,
    @Nullable Integer tracingPort) {

  /**
   * Without tracing to a trace store (spans are still made, and named in {@code traceparent}
   * answers).
   */
  public StandaloneOptions(
      Path dataDir,
      @Nullable Path projectDir,
      int gatewayPort,
      int registryPort,
      int executionPort,
      int workflowPort,
      int schedulerPort,
      @Nullable String adminKey) {
    this(
        dataDir,
        projectDir,
        gatewayPort,
        registryPort,
        executionPort,
        workflowPort,
        schedulerPort,
        adminKey,
        null);
  }

  public static final String USAGE =
      """
      Usage: compozy-standalone [--project DIR] [--data-dir DIR] [--port PORT] [--tracing [--tracing-port PORT]]
        --project DIR   the project to load (default: the bundled hello example)
        --data-dir DIR  where Kafka, Postgres and Redis keep their data (default: ./.compozy)
        --port PORT     the gateway's port (default: 5001); services use the next four
        --tracing       starts Zipkin (in memory) and sends it every trace; its UI on --tracing-port (default 9411)
      Environment: COMPOZY_ADMIN_KEY (first admin key),
        COMPOZY_KAFKA_BOOTSTRAP, COMPOZY_POSTGRES_HOST/_PORT/_DB/_USER/_PASSWORD, COMPOZY_REDIS_HOST/_PORT
        to use external servers instead of the embedded ones.\
      """;

  public static StandaloneOptions defaults() {
    return new StandaloneOptions(
        Path.of(".compozy"), null, 5001, 5002, 5003, 5004, 5005, env("COMPOZY_ADMIN_KEY"));
  }

  /**
   * Reads command-line options over {@link #defaults()}; throws IllegalArgumentException naming a
   * bad one.
   */
  public static StandaloneOptions parse(String[] args) {
    StandaloneOptions o = defaults();
    List<String> rest = new ArrayList<>(List.of(args));
    while (!rest.isEmpty()) {
      String flag = rest.removeFirst();
      if (flag.equals("--tracing")) {
        o = o.withTracing(o.tracingPort == null ? 9411 : o.tracingPort);
        continue;
      }
      if (rest.isEmpty()) {
        throw new IllegalArgumentException("option " + flag + " needs a value");
      }
      String value = rest.removeFirst();
      o =
          switch (flag) {
            case "--project" -> o.withProject(Path.of(value));
            case "--data-dir" ->
                new StandaloneOptions(
                    Path.of(value),
                    o.projectDir,
                    o.gatewayPort,
                    o.registryPort,
                    o.executionPort,
                    o.workflowPort,
                    o.schedulerPort,
                    o.adminKey,
                    o.tracingPort);
            case "--tracing-port" -> o.withTracing(port("--tracing-port", value));
            case "--port" -> {
              int p = port("--port", value);
              // 0: every service on a free port of its own
              yield p == 0
                  ? new StandaloneOptions(
                      o.dataDir, o.projectDir, 0, 0, 0, 0, 0, o.adminKey, o.tracingPort)
                  : new StandaloneOptions(
                      o.dataDir,
                      o.projectDir,
                      p,
                      p + 1,
                      p + 2,
                      p + 3,
                      p + 4,
                      o.adminKey,
                      o.tracingPort);
            }
            default -> throw new IllegalArgumentException("unknown option " + flag);
          };
    }
    return o;
  }

  private static int port(String flag, String value) {
    int p;
    try {
      p = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " must be a number, got " + value);
    }
    if (p < 0 || p > 65530) {
      throw new IllegalArgumentException(
          flag + " must be between 0 (any free ports) and 65530, got " + value);
    }
    return p;
  }

  public StandaloneOptions withProject(Path dir) {
    return new StandaloneOptions(
        dataDir,
        dir,
        gatewayPort,
        registryPort,
        executionPort,
        workflowPort,
        schedulerPort,
        adminKey,
        tracingPort);
  }

  /** With Zipkin on {@code port} (0: a free one) receiving every trace. */
  public StandaloneOptions withTracing(int port) {
    return new StandaloneOptions(
        dataDir,
        projectDir,
        gatewayPort,
        registryPort,
        executionPort,
        workflowPort,
        schedulerPort,
        adminKey,
        port);
  }

  private static @Nullable String env(String name) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? null : v;
  }
}
