package io.compozy.standalone.cluster;

import io.compozy.infra.embedded.DataDirectoryInUseException;
import io.compozy.standalone.ProjectRefusedException;
import io.compozy.standalone.Standalone;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;

/**
 * {@code bin/cluster}: runs the platform as one process per service instance, and drills faults on
 * it.
 */
@Command(
    name = "bin/cluster",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    sortOptions = false,
    description =
        "Runs Compozy as separate processes on this machine: the infrastructure once (embedded"
            + " Kafka, Postgres and Redis, or the external ones named by COMPOZY_KAFKA_BOOTSTRAP,"
            + " COMPOZY_POSTGRES_*, COMPOZY_REDIS_*), then each service's instances, each a JVM"
            + " with its own port and log. Ctrl-C stops them all.",
    subcommands = {
      ClusterCommand.Status.class,
      ClusterCommand.Kill.class,
      ClusterCommand.Start.class
    })
public final class ClusterCommand implements Callable<Integer> {
  static final int MAX_INSTANCES = 8;

  @Option(
      names = "--data-dir",
      scope = ScopeType.INHERIT,
      defaultValue = ".compozy",
      paramLabel = "DIR",
      description =
          "where Kafka, Postgres, Redis and the instances' logs live (default: ${DEFAULT-VALUE})")
  Path dataDir;

  @Option(
      names = "--project",
      paramLabel = "DIR",
      description = "the project to load (default: the bundled hello example)")
  Path project;

  @Option(
      names = "--port",
      defaultValue = "5001",
      paramLabel = "PORT",
      description =
          "the first gateway's port (default: ${DEFAULT-VALUE}); gateway #n on PORT+n-1, registry"
              + " on PORT+100.., execution PORT+200.., workflow PORT+300.., scheduler PORT+400..,"
              + " execution-api PORT+500.., execution-workers PORT+600..; 0: any free ports")
  int port;

  @Option(
      names = "--gateway",
      defaultValue = "1",
      paramLabel = "N",
      description = "gateway instances (default: ${DEFAULT-VALUE})")
  int gateways;

  @Option(
      names = "--registry",
      defaultValue = "1",
      paramLabel = "N",
      description = "registry-service instances")
  int registries;

  @Option(
      names = "--workflow",
      defaultValue = "1",
      paramLabel = "N",
      description = "workflow-service instances (the orchestrator)")
  int workflows;

  @Option(
      names = "--execution",
      defaultValue = "1",
      paramLabel = "N",
      description = "execution-service instances (API and workers)")
  int executions;

  @Option(
      names = "--execution-api",
      defaultValue = "0",
      paramLabel = "N",
      description =
          "execution-service instances that serve the API only (start, read, stream, hooks,"
              + " events)")
  int executionApis;

  @Option(
      names = "--execution-workers",
      defaultValue = "0",
      paramLabel = "N",
      description = "execution-service instances that run the workers only (tools, agents, memory)")
  int executionWorkers;

  @Option(
      names = "--scheduler",
      defaultValue = "1",
      paramLabel = "N",
      description = "scheduler-service instances")
  int schedulers;

  @Option(
      names = "--kafka-brokers",
      defaultValue = "1",
      paramLabel = "N",
      description =
          "embedded Kafka nodes: 1 (in the launcher) or 3 (a quorum of processes, every topic on 3"
              + " with min.insync.replicas 2: one can die without loss; kafka#N in the table)")
  int kafkaBrokers;

  private Map<String, String> environment = System.getenv();

  @Option(
      names = "--heap",
      defaultValue = "512m",
      paramLabel = "SIZE",
      description = "each JVM's largest heap (default: ${DEFAULT-VALUE})")
  String heap;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    Standalone.configureLogging();
    Map<ClusterService, Integer> counts = new EnumMap<>(ClusterService.class);
    counts.put(ClusterService.GATEWAY, count("--gateway", gateways));
    counts.put(ClusterService.REGISTRY, count("--registry", registries));
    counts.put(ClusterService.WORKFLOW, count("--workflow", workflows));
    counts.put(ClusterService.EXECUTION, count("--execution", executions, 0));
    counts.put(ClusterService.EXECUTION_API, count("--execution-api", executionApis, 0));
    counts.put(ClusterService.EXECUTION_WORKERS, count("--execution-workers", executionWorkers, 0));
    counts.put(ClusterService.SCHEDULER, count("--scheduler", schedulers));
    if (kafkaBrokers != 1 && kafkaBrokers != 3) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--kafka-brokers must be 1 or 3, got " + kafkaBrokers);
    }
    if (kafkaBrokers == 3 && environment.containsKey("COMPOZY_KAFKA_BOOTSTRAP")) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--kafka-brokers 3 runs Kafka here, but COMPOZY_KAFKA_BOOTSTRAP names an external one ("
              + environment.get("COMPOZY_KAFKA_BOOTSTRAP")
              + "): unset it, or leave out --kafka-brokers");
    }
    counts.put(ClusterService.KAFKA, kafkaBrokers == 3 ? 3 : 0);
    if (executions + executionApis == 0 || executions + executionWorkers == 0) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "execution-service needs instances with the API and with the workers: --execution N (both"
              + " roles), or --execution-api N and --execution-workers N");
    }
    if (port != 0 && (port < 1024 || port > 65000)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--port must be 0 (any free ports) or between 1024 and 65000, got " + port);
    }
    if (!heap.matches("[1-9][0-9]*[mMgG]")) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--heap must be a size such as 512m or 1g, got " + heap);
    }
    if (project != null && !Files.isDirectory(project)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--project " + project + " is not a directory");
    }
    Path home =
        Path.of(System.getProperty("compozy.cluster.home", ".")).toAbsolutePath().normalize();
    Supervisor supervisor =
        Supervisor.start(
            new Supervisor.Plan(dataDir, project, port, counts, heap, home), System.out);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("cluster: stopping every instance, then the infrastructure");
                  supervisor.close();
                  stopped.countDown();
                },
                "cluster-stop"));
    stopped.await();
    return 0;
  }

  private int count(String option, int value) {
    return count(option, value, 1);
  }

  private int count(String option, int value, int least) {
    if (value < least || value > MAX_INSTANCES) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          option + " must be between " + least + " and " + MAX_INSTANCES + ", got " + value);
    }
    return value;
  }

  /** The state of the cluster running with this data directory, or a clear refusal. */
  static ClusterState running(Path dataDir) {
    Path dir = dataDir.toAbsolutePath().normalize().resolve("cluster");
    ClusterState state =
        ClusterState.read(dir)
            .orElseThrow(
                () ->
                    new ClusterRefusedException(
                        "no cluster runs with data in "
                            + dataDir
                            + " (start one with bin/cluster, or name its --data-dir)"));
    if (!state.supervisorAlive()) {
      throw new ClusterRefusedException(
          "no cluster runs with data in "
              + dataDir
              + " (the one that did, pid "
              + state.supervisorPid()
              + ", stopped without cleaning up)");
    }
    return state;
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = "Prints the running cluster's instances: pid, port, health, log.")
  static final class Status implements Callable<Integer> {
    @CommandLine.ParentCommand ClusterCommand parent;

    @Override
    public Integer call() {
      ClusterState state = running(parent.dataDir);
      List<InstanceTable.Row> rows = new ArrayList<>();
      Path root = parent.dataDir.toAbsolutePath().normalize();
      for (ClusterState.Instance i : state.instances()) {
        rows.add(
            new InstanceTable.Row(
                i.name(),
                i.pid(),
                i.port(),
                InstanceTable.probe(i.name(), i.pid(), i.port()),
                -1,
                root.relativize(i.log().toAbsolutePath()).toString()));
      }
      System.out.print(InstanceTable.format(rows));
      return 0;
    }
  }

  @Command(
      name = "kill",
      mixinStandardHelpOptions = true,
      description = "Kills one instance at once (SIGKILL), as a crash would.")
  static final class Kill implements Callable<Integer> {
    @CommandLine.ParentCommand ClusterCommand parent;

    @Parameters(paramLabel = "SERVICE#N", description = "for example workflow#2")
    String instance;

    @Override
    public Integer call() throws InterruptedException {
      InstanceName name = InstanceName.parse(instance);
      ClusterState state = running(parent.dataDir);
      ClusterState.Instance i =
          state
              .instance(name)
              .orElseThrow(() -> new ClusterRefusedException("the cluster has no " + name));
      ProcessHandle p =
          ProcessHandle.of(i.pid())
              .filter(ProcessHandle::isAlive)
              .orElseThrow(() -> new ClusterRefusedException(name + " is not running"));
      p.destroyForcibly();
      try {
        p.onExit().get(10, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        throw new ClusterRefusedException(
            name + " (pid " + i.pid() + ") did not die within 10 s of SIGKILL");
      }
      System.out.println("killed " + name + " (pid " + i.pid() + ")");
      return 0;
    }
  }

  @Command(
      name = "start",
      mixinStandardHelpOptions = true,
      description =
          "Starts one instance again (after kill, or a crash) and waits until it is ready.")
  static final class Start implements Callable<Integer> {
    @CommandLine.ParentCommand ClusterCommand parent;

    @Parameters(paramLabel = "SERVICE#N", description = "for example workflow#2")
    String instance;

    @Override
    public Integer call() throws IOException, InterruptedException {
      InstanceName name = InstanceName.parse(instance);
      ClusterState state = running(parent.dataDir);
      Path token =
          parent
              .dataDir
              .toAbsolutePath()
              .normalize()
              .resolve("cluster")
              .resolve(ControlServer.TOKEN_FILE);
      HttpRequest request =
          HttpRequest.newBuilder(
                  URI.create(
                      "http://127.0.0.1:"
                          + state.controlPort()
                          + "/instances/"
                          + name.id()
                          + "/start"))
              .header(ControlServer.TOKEN_HEADER, Files.readString(token).strip())
              .timeout(Duration.ofMinutes(5))
              .POST(HttpRequest.BodyPublishers.noBody())
              .build();
      HttpResponse<String> answer =
          HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() != 200) {
        throw new ClusterRefusedException(answer.body().strip());
      }
      System.out.print(answer.body());
      return 0;
    }
  }

  /**
   * {@code status}, {@code kill} and {@code start} need only this package and picocli (bin/cluster
   * runs them on that class path: a JVM on the launcher's whole jar took seconds to start).
   */
  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command line; a refusal is one line on {@code err}. Returns the exit code. */
  static int run(String[] args, PrintWriter out, PrintWriter err) {
    return run(args, out, err, System.getenv());
  }

  /** With the launcher's environment given (the COMPOZY_* variables name external servers). */
  static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> environment) {
    ClusterCommand command = new ClusterCommand();
    command.environment = environment;
    CommandLine cli =
        new CommandLine(command)
            .setOut(out)
            .setErr(err)
            .setParameterExceptionHandler(
                (e, arguments) -> {
                  err.println(
                      "cluster: " + e.getMessage() + " (bin/cluster --help lists the options)");
                  return 2;
                })
            .setExecutionExceptionHandler(
                (e, commandLine, parseResult) -> {
                  if (e instanceof ProjectRefusedException refused) {
                    refused.problems().forEach(problem -> err.println("cluster: " + problem));
                    err.println(
                        "cluster: the project in " + refused.directory() + " was not loaded");
                    return 2;
                  }
                  if (e instanceof ClusterRefusedException
                      || e instanceof IllegalArgumentException
                      || e instanceof DataDirectoryInUseException) {
                    err.println("cluster: " + e.getMessage());
                    return 1;
                  }
                  throw e;
                });
    return cli.execute(args);
  }
}
