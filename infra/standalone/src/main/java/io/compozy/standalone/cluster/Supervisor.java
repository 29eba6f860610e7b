package io.compozy.standalone.cluster;

import io.compozy.contracts.dsl.ProjectLoadException;
import io.compozy.contracts.dsl.ProjectLoader;
import io.compozy.infra.embedded.Endpoints;
import io.compozy.infra.embedded.InfraMode;
import io.compozy.infra.embedded.Infrastructure;
import io.compozy.infra.embedded.KafkaNodeMain;
import io.compozy.infra.embedded.Ports;
import io.compozy.standalone.DataDirectory;
import io.compozy.standalone.PlatformTopics;
import io.compozy.standalone.ProjectRefusedException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.common.Uuid;
import org.jspecify.annotations.Nullable;

/**
 * A cluster on one machine: the infrastructure once (embedded Kafka, Postgres and Redis, or the
 * external ones the {@code COMPOZY_*} variables name), then every instance of every service as a
 * child process of its own, on its own port with its own log. Instances that exit are reported, not
 * restarted: {@code bin/cluster start SERVICE#N} brings one back (a fault drill in one line).
 */
public final class Supervisor implements AutoCloseable {
  /** How long one instance may take to become ready: many JVMs share few cores at start. */
  private static final Duration READY_TIMEOUT = Duration.ofMinutes(4);

  /**
   * What to run: where, which project, the base port (0: any free ports), instances per service,
   * each JVM's heap.
   */
  public record Plan(
      Path dataDir,
      @Nullable Path projectDir,
      int basePort,
      Map<ClusterService, Integer> counts,
      String heap,
      Path home) {
    /**
     * Embedded Kafka nodes as processes of their own: 0 when Kafka runs in the launcher (one
     * broker) or is external.
     */
    int kafkaNodes() {
      return counts.getOrDefault(ClusterService.KAFKA, 0);
    }
  }

  private final Plan plan;
  private final PrintStream out;
  private final DataDirectory data;
  private final Path clusterDir;
  private final Path javaCommand = Path.of(System.getProperty("java.home"), "bin", "java");
  private final Map<InstanceName, Integer> ports = new LinkedHashMap<>();
  private final Map<InstanceName, Integer> controllerPorts = new LinkedHashMap<>();
  private final Map<InstanceName, InstanceProcess> running = new ConcurrentHashMap<>();
  private final Map<InstanceName, Long> readyMillis = new ConcurrentHashMap<>();
  private Path projectDir;
  private @Nullable Infrastructure infra;
  private @Nullable ServiceJars jars;
  private @Nullable ControlServer control;
  private volatile ClusterState state;
  private volatile boolean closing;

  private Supervisor(Plan plan, PrintStream out) {
    this.plan = plan;
    this.out = out;
    this.data = new DataDirectory(plan.dataDir());
    this.clusterDir = data.root().resolve("cluster");
    this.state = new ClusterState(ProcessHandle.current().pid(), 0, List.of());
  }

  /** Starts the infrastructure and every instance, and returns once all are ready. */
  public static Supervisor start(Plan plan, PrintStream out) {
    Supervisor s = new Supervisor(plan, out);
    try {
      s.boot();
      return s;
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
  }

  private void boot() {
    long t0 = System.nanoTime();
    stopLeftovers();
    projectDir =
        plan.projectDir() != null
            ? plan.projectDir().toAbsolutePath().normalize()
            : data.bundledExample();
    try {
      ProjectLoader.load(projectDir)
          .warnings()
          .forEach(w -> System.err.println("compozy: warning: " + w));
    } catch (ProjectLoadException e) {
      throw new ProjectRefusedException(projectDir, e.problems());
    }
    choosePorts();
    jars = ServiceJars.prepare(plan.home(), clusterDir.resolve("app"), javaCommand);
    try {
      Files.createDirectories(clusterDir.resolve("cds"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + clusterDir.resolve("cds"), e);
    }
    int[] infraPorts = data.infraPorts();
    Map<String, String> env = new LinkedHashMap<>(System.getenv());
    if (plan.kafkaNodes() > 0) {
      // (ClusterCommand refused an external Kafka named beside the embedded quorum)
      // the quorum first, its nodes side by side (each waits for a majority of controllers)
      startAll(names(ClusterService.KAFKA));
      env.put(
          "COMPOZY_KAFKA_BOOTSTRAP",
          names(ClusterService.KAFKA).stream()
              .map(n -> "127.0.0.1:" + ports.get(n))
              .collect(Collectors.joining(",")));
    }
    infra =
        Infrastructure.start(
            new Infrastructure.Plan(
                data.root(), infraPorts[0], infraPorts[1], infraPorts[2], infraPorts[3], true),
            InfraMode.fromEnvironment(),
            env);
    PlatformTopics.create(infra.endpoints().kafkaBootstrap(), replicationFactor());
    control = ControlServer.start(clusterDir, this::startOnRequest);
    List<ClusterState.Instance> instances = new ArrayList<>();
    ports.forEach(
        (name, port) ->
            instances.add(
                new ClusterState.Instance(
                    name,
                    running.containsKey(name) ? running.get(name).pid() : 0,
                    port,
                    logOf(name))));
    state = new ClusterState(ProcessHandle.current().pid(), control.port(), List.copyOf(instances));
    state.write(clusterDir);

    // the registry first: it loads the project, which every other service's catalog then holds
    startAll(names(ClusterService.REGISTRY));
    startAll(
        ports.keySet().stream()
            .filter(n -> n.service() != ClusterService.REGISTRY && n.service().isPlatformService())
            .toList());
    announceAdminKey();
    out.print(table());
    out.printf(
        "Compozy cluster is ready in %d ms: gateway http://localhost:%d/api/v0, %s (project from"
            + " %s, data in %s)%n",
        (System.nanoTime() - t0) / 1_000_000,
        ports.get(new InstanceName(ClusterService.GATEWAY, 1)),
        infra.endpoints().describe(),
        projectDir,
        data.root());
    out.println("  bin/cluster status | kill SERVICE#N | start SERVICE#N; Ctrl-C stops everything");
    out.flush();
  }

  /** Instances an earlier supervisor (killed before it could stop them) left running. */
  private void stopLeftovers() {
    ClusterState.read(clusterDir)
        .ifPresent(
            old -> {
              if (old.supervisorAlive() && old.supervisorPid() != ProcessHandle.current().pid()) {
                throw new ClusterRefusedException(
                    "a cluster already runs with data in "
                        + data.root()
                        + " (pid "
                        + old.supervisorPid()
                        + "): stop it first (Ctrl-C where it runs, or kill "
                        + old.supervisorPid()
                        + ")");
              }
              for (ClusterState.Instance i : old.instances()) {
                ProcessHandle.of(i.pid())
                    .filter(ProcessHandle::isAlive)
                    .filter(
                        p ->
                            p.info()
                                .arguments()
                                .map(a -> List.of(a).contains(instanceFlag(i.name())))
                                .orElse(false))
                    .ifPresent(
                        p -> {
                          out.println(
                              "cluster: stopping "
                                  + i.name()
                                  + " (pid "
                                  + p.pid()
                                  + "), left running by an earlier cluster");
                          p.destroyForcibly();
                          p.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> p).join();
                        });
              }
            });
  }

  private void choosePorts() {
    for (ClusterService service : ClusterService.values()) {
      for (InstanceName name : names(service)) {
        if (service == ClusterService.KAFKA) {
          // Kafka's well-known ports where free: node n on 9090 + 2n (9092, 9094, 9096), its
          // controller on the next
          int port = freshPort(plan.basePort() == 0 ? 0 : 9090 + 2 * name.number());
          ports.put(name, port);
          controllerPorts.put(name, freshPort(plan.basePort() == 0 ? 0 : port + 1));
          continue;
        }
        int port =
            plan.basePort() == 0
                ? freshPort(0)
                : plan.basePort() + 100 * service.portBlock() + name.number() - 1;
        if (port > 65535) {
          throw new ClusterRefusedException(
              "port " + port + " for " + name + " does not exist: choose a lower base with --port");
        }
        if (!Ports.isFree(port)) {
          throw new ClusterRefusedException(
              "port "
                  + port
                  + " for "
                  + name
                  + " is in use: stop what listens there or choose another base with --port"
                  + " (gateways use BASE, BASE+1, ...; the other services BASE+100, +200, ..."
                  + " +600)");
        }
        ports.put(name, port);
      }
    }
  }

  /**
   * {@code preferred} when free (0: any), never one already chosen: nothing listens on the chosen
   * ports until the instances start, so the system could hand out the same free port twice.
   */
  private int freshPort(int preferred) {
    int port = Ports.freeOr(preferred);
    while (ports.containsValue(port) || controllerPorts.containsValue(port)) {
      port = Ports.freeOr(0);
    }
    return port;
  }

  private List<InstanceName> names(ClusterService service) {
    List<InstanceName> names = new ArrayList<>();
    for (int n = 1; n <= plan.counts().getOrDefault(service, 0); n++) {
      names.add(new InstanceName(service, n));
    }
    return names;
  }

  private void startAll(List<InstanceName> names) {
    List<CompletableFuture<Void>> starting =
        names.stream()
            .map(name -> CompletableFuture.runAsync(() -> spawnAndAwait(name), Executors.STARTER))
            .toList();
    try {
      CompletableFuture.allOf(starting.toArray(CompletableFuture[]::new)).join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  private void spawnAndAwait(InstanceName name) {
    InstanceProcess p = spawn(name);
    try {
      if (!p.awaitReady(READY_TIMEOUT)) {
        throw new ClusterRefusedException(
            name
                + " did not become ready within "
                + READY_TIMEOUT.toSeconds()
                + " s"
                + (p.isAlive() ? "" : " (it exited with code " + p.process().exitValue() + ")")
                + ": see "
                + p.log());
      }
      readyMillis.put(name, p.readyMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting " + name, e);
    }
  }

  private synchronized InstanceProcess spawn(InstanceName name) {
    int port = ports.get(name);
    InstanceProcess p =
        InstanceProcess.spawn(name, port, command(name, port), environment(name), logOf(name));
    running.put(name, p);
    readyMillis.remove(name);
    state = state.with(new ClusterState.Instance(name, p.pid(), port, p.log()));
    state.write(clusterDir);
    p.process()
        .onExit()
        .thenAccept(
            exited -> {
              if (!closing && running.get(name) == p) {
                out.println(
                    "cluster: "
                        + name
                        + " (pid "
                        + exited.pid()
                        + ") exited with code "
                        + exited.exitValue()
                        + "; bin/cluster start "
                        + name
                        + " starts it again");
              }
            });
    return p;
  }

  private static String instanceFlag(InstanceName name) {
    return "-Dcompozy.cluster.instance=" + name.id();
  }

  /**
   * Replicas per topic: every node of an embedded quorum; else COMPOZY_KAFKA_REPLICATION_FACTOR
   * (1).
   */
  private int replicationFactor() {
    return plan.kafkaNodes() > 0
        ? plan.kafkaNodes()
        : Integer.parseInt(System.getenv().getOrDefault("COMPOZY_KAFKA_REPLICATION_FACTOR", "1"));
  }

  /**
   * A Kafka node from the launcher's own classes (its Spring Boot jar through PropertiesLauncher,
   * or a plain classpath), with a cluster id every node shares, kept in the data directory.
   */
  private List<String> kafkaNodeCommand(InstanceName name, int port) {
    String classpath = System.getProperty("java.class.path");
    List<String> command =
        new ArrayList<>(
            List.of(
                javaCommand.toString(),
                instanceFlag(name),
                "-Xmx384m",
                "-XX:+UseSerialGC",
                "-cp",
                classpath));
    if (classpath.endsWith("-exec.jar")) {
      command.addAll(
          List.of(
              "-Dloader.main=" + KafkaNodeMain.class.getName(),
              "org.springframework.boot.loader.launch.PropertiesLauncher"));
    } else {
      command.add(KafkaNodeMain.class.getName());
    }
    String voters =
        names(ClusterService.KAFKA).stream()
            .map(n -> n.number() + "@127.0.0.1:" + controllerPorts.get(n))
            .collect(Collectors.joining(","));
    command.addAll(
        List.of(
            "--data-dir",
            data.root().resolve("kafka-" + name.number()).toString(),
            "--node-id",
            Integer.toString(name.number()),
            "--port",
            Integer.toString(port),
            "--controller-port",
            Integer.toString(controllerPorts.get(name)),
            "--voters",
            voters,
            "--cluster-id",
            kafkaClusterId(),
            "--replicas",
            Integer.toString(plan.kafkaNodes()),
            "--supervisor-pid",
            Long.toString(ProcessHandle.current().pid())));
    return command;
  }

  private synchronized String kafkaClusterId() {
    Path file = data.root().resolve("kafka-cluster-id");
    try {
      if (!Files.exists(file)) {
        Files.writeString(file, Uuid.randomUuid().toString());
      }
      return Files.readString(file).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the Kafka cluster id in " + file, e);
    }
  }

  private List<String> command(InstanceName name, int port) {
    ClusterService service = name.service();
    if (!service.isPlatformService()) {
      return kafkaNodeCommand(name, port);
    }
    Path cds = clusterDir.resolve("cds").resolve(service.key() + ".jsa");
    List<String> command =
        new ArrayList<>(
            List.of(
                javaCommand.toString(),
                instanceFlag(name),
                "-Xmx" + plan.heap(),
                "-XX:+UseSerialGC",
                // class-data sharing: the service's classes, loaded and verified once, mapped by
                // every
                // later start of the same build; instance #1 writes the archive when it stops
                // (instances
                // writing one file at once could spoil it), the others only read it
                "-XX:SharedArchiveFile=" + cds,
                "-Xlog:cds=off",
                "-Xlog:cds+dynamic=off"));
    if (name.number() == 1) {
      command.add("-XX:+AutoCreateSharedArchive");
    }
    command.addAll(
        List.of(
            "-jar",
            jars.launcher(service).toString(),
            "--server.port=" + port,
            // an instance whose launcher is gone (killed with SIGKILL) stops too
            "--compozy.cluster.supervisor-pid=" + ProcessHandle.current().pid()));
    if (service != ClusterService.GATEWAY) {
      // only the gateways are the platform's door
      command.add("--server.address=127.0.0.1");
    }
    return command;
  }

  private Map<String, String> environment(InstanceName name) {
    if (!name.service().isPlatformService()) {
      return Map.of();
    }
    Map<String, String> env = new LinkedHashMap<>(infra.endpoints().environment());
    env.put("COMPOZY_KAFKA_REPLICATION_FACTOR", Integer.toString(replicationFactor()));
    env.put("COMPOZY_INTERNAL_SECRET", data.internalSecret());
    env.put("COMPOZY_INSTANCE_ID", name.id());
    env.put("COMPOZY_LOG_FORMAT", System.getenv().getOrDefault("COMPOZY_LOG_FORMAT", "plain"));
    switch (name.service()) {
      case GATEWAY -> {
        env.put("COMPOZY_KEY_SECRET", data.secret());
        env.put("COMPOZY_REGISTRY_URL", urls(ClusterService.REGISTRY));
        env.put("COMPOZY_EXECUTION_URL", executionApiUrls());
        env.put("COMPOZY_WORKFLOW_URL", urls(ClusterService.WORKFLOW));
        env.put("COMPOZY_SCHEDULER_URL", urls(ClusterService.SCHEDULER));
      }
      case REGISTRY -> env.put("COMPOZY_PROJECT_DIR", projectDir.toString());
      case SCHEDULER -> env.put("COMPOZY_EXECUTION_URL", executionApiUrls());
      case EXECUTION, EXECUTION_API, EXECUTION_WORKERS -> {
        // both roles (EXECUTION) when none is named: the service's default
        if (name.service().executionRoles() != null) {
          env.put("COMPOZY_EXECUTION_ROLES", name.service().executionRoles());
        }
        env.put(
            "COMPOZY_PROJECT_DIR",
            projectDir.toString()); // the root of files and attachments, as the registry read it
        // each instance keeps its own copy of the knowledge indexes (ingested from the same
        // sources, so they agree)
        env.put(
            "COMPOZY_KNOWLEDGE_DIR", clusterDir.resolve("knowledge").resolve(name.id()).toString());
      }
      default -> {
        // workflow and execution find Kafka, Postgres and Redis only
      }
    }
    return env;
  }

  /** Every instance that serves the executions API: with both roles, or the API role alone. */
  private String executionApiUrls() {
    return ports.keySet().stream()
        .filter(n -> n.service().servesExecutionApi())
        .map(n -> "http://127.0.0.1:" + ports.get(n))
        .collect(Collectors.joining(","));
  }

  private String urls(ClusterService service) {
    return names(service).stream()
        .map(n -> "http://127.0.0.1:" + ports.get(n))
        .collect(Collectors.joining(","));
  }

  private Path logOf(InstanceName name) {
    return clusterDir.resolve("logs").resolve(name.id() + ".log");
  }

  /** The first gateway to create the first admin prints its key in its log: shown here too. */
  private void announceAdminKey() {
    for (InstanceName name : names(ClusterService.GATEWAY)) {
      try {
        List<String> lines = Files.readAllLines(logOf(name));
        int from = 0;
        for (int i = 0; i < lines.size(); i++) {
          if (lines.get(i).startsWith("---- ")) {
            from = i;
          }
        }
        List<String> announcement =
            lines.subList(from, lines.size()).stream()
                .dropWhile(l -> !l.contains("created the first admin API key"))
                .limit(8)
                .toList();
        if (!announcement.isEmpty()) {
          out.println();
          announcement.forEach(out::println);
        }
      } catch (IOException e) {
        // no log, no key to show
      }
    }
  }

  private ControlServer.Answer startOnRequest(String id) {
    InstanceName name;
    try {
      name = InstanceName.fromId(id);
    } catch (IllegalArgumentException e) {
      return new ControlServer.Answer(400, e.getMessage());
    }
    if (!ports.containsKey(name)) {
      return new ControlServer.Answer(
          404,
          "this cluster has no "
              + name
              + " (it runs "
              + plan.counts().getOrDefault(name.service(), 0)
              + " "
              + name.service().key()
              + " instance(s))");
    }
    InstanceProcess current = running.get(name);
    if (current != null && current.isAlive()) {
      return new ControlServer.Answer(
          409, name + " is already running (pid " + current.pid() + ")");
    }
    if (closing) {
      return new ControlServer.Answer(503, "the cluster is stopping");
    }
    try {
      spawnAndAwait(name);
      out.println(
          "cluster: "
              + name
              + " started again (pid "
              + running.get(name).pid()
              + ", ready in "
              + readyMillis.get(name)
              + " ms)");
      return new ControlServer.Answer(
          200,
          name
              + " is ready (pid "
              + running.get(name).pid()
              + ", port "
              + ports.get(name)
              + ", ready in "
              + readyMillis.get(name)
              + " ms)");
    } catch (RuntimeException e) {
      return new ControlServer.Answer(500, e.getMessage());
    }
  }

  /** The table of instances as they are now. */
  public String table() {
    List<InstanceTable.Row> rows = new ArrayList<>();
    for (ClusterState.Instance i : state.instances()) {
      rows.add(
          new InstanceTable.Row(
              i.name(),
              i.pid(),
              i.port(),
              InstanceTable.probe(i.name(), i.pid(), i.port()),
              readyMillis.getOrDefault(i.name(), -1L),
              data.root().relativize(i.log().toAbsolutePath()).toString()));
    }
    return InstanceTable.format(rows);
  }

  /** Where Kafka, Postgres and Redis are. */
  public Endpoints endpoints() {
    return Objects.requireNonNull(infra, "not started").endpoints();
  }

  public Map<InstanceName, Integer> ports() {
    return Map.copyOf(ports);
  }

  /** Stops every instance (SIGTERM, then SIGKILL after 30 s), then the infrastructure, once. */
  @Override
  public synchronized void close() {
    if (closing) {
      return;
    }
    closing = true;
    if (control != null) {
      control.close();
    }
    // the services, then the Kafka nodes they were clients of, then the rest of the infrastructure
    stopAndWait(
        running.values().stream().filter(p -> p.name().service().isPlatformService()).toList(),
        Duration.ofSeconds(30));
    stopAndWait(
        running.values().stream().filter(p -> !p.name().service().isPlatformService()).toList(),
        Duration.ofSeconds(15));
    if (infra != null) {
      infra.close();
    }
    try {
      Files.deleteIfExists(clusterDir.resolve(ClusterState.FILE));
      Files.deleteIfExists(clusterDir.resolve(ControlServer.TOKEN_FILE));
    } catch (IOException e) {
      // the next start reads a stale state and finds nothing of it running
    }
  }

  /** SIGTERM to each, then SIGKILL to those still running after {@code grace}. */
  private static void stopAndWait(List<InstanceProcess> processes, Duration grace) {
    processes.forEach(InstanceProcess::stop);
    long deadline = System.nanoTime() + grace.toNanos();
    for (InstanceProcess p : processes) {
      try {
        long left = Math.max(0, deadline - System.nanoTime());
        if (!p.process().waitFor(left, TimeUnit.NANOSECONDS)) {
          p.kill();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        p.kill();
      }
    }
  }

  /** Threads that start instances side by side. */
  private static final class Executors {
    static final ExecutorService STARTER =
        java.util.concurrent.Executors.newCachedThreadPool(
            Thread.ofPlatform().daemon().name("cluster-start-", 1).factory());
  }
}
