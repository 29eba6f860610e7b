package io.compozy.standalone;

import io.compozy.contracts.dsl.LoadedProject;
import io.compozy.contracts.dsl.ProjectLoadException;
import io.compozy.contracts.dsl.ProjectLoader;
import io.compozy.contracts.dsl.WorkflowDef;
import io.compozy.execution.ExecutionServiceApplication;
import io.compozy.gateway.GatewayApplication;
import io.compozy.infra.embedded.DataDirectoryInUseException;
import io.compozy.infra.embedded.Endpoints;
import io.compozy.infra.embedded.Infrastructure;
import io.compozy.infra.embedded.Ports;
import io.compozy.registry.RegistryServiceApplication;
import io.compozy.scheduler.SchedulerServiceApplication;
import io.compozy.support.PlatformDefaults;
import io.compozy.support.catalog.ResourceCatalog;
import io.compozy.workflow.WorkflowServiceApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs the whole platform in one process: embedded Kafka, Postgres and Redis (or the external ones
 * named by {@code COMPOZY_*} variables), then the five services, each its own application context
 * on its own port, the gateway in front.
 */
public final class Standalone implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Standalone.class);

  /**
   * Services other than the gateway share its classpath here, so the gateway's and Spring
   * Security's auto-configurations are switched off for them.
   */
  private static final String GATEWAY_ONLY =
      String.join(",", autoConfigurationsOf("spring-cloud-gateway", "spring-boot-security"))
          // as in compozy-defaults.properties, which this list replaces for the services
          + ","
          + PlatformDefaults.NO_REDIS_COMMAND_OBSERVATIONS;

  /**
   * The embedded broker and clients log every step at INFO: useful when debugging them, not here.
   */
  private static final List<String> QUIET_LOGGERS =
      List.of(
          "org.apache.kafka",
          "kafka",
          "state.change.logger",
          "io.zonky",
          "org.springframework.kafka",
          "org.flywaydb.core.internal",
          "redis.embedded",
          "org.springframework.boot.web.embedded",
          "org.springframework.boot.actuate.endpoint.web",
          "org.apache.kafka.clients.consumer");

  /** One thread per service, so the five contexts start side by side. */
  private static final Executor STARTER =
      Executors.newFixedThreadPool(
          5, Thread.ofPlatform().daemon().name("compozy-start-", 1).factory());

  /** A service of the platform: its application class and the arguments it was started with. */
  private record Service(Class<?> app, String[] args) {}

  private final Infrastructure infrastructure;
  private final List<ConfigurableApplicationContext> contexts;
  private final List<Service> services;
  private final int gatewayPort;
  private final @Nullable ZipkinServer zipkin;
  private final List<ConfigurableApplicationContext> replicas = new CopyOnWriteArrayList<>();
  private boolean closed;

  private Standalone(
      Infrastructure infrastructure,
      List<ConfigurableApplicationContext> contexts,
      List<Service> services,
      int gatewayPort,
      @Nullable ZipkinServer zipkin) {
    this.infrastructure = infrastructure;
    this.zipkin = zipkin;
    this.contexts = new ArrayList<>(contexts);
    this.services = services;
    this.gatewayPort = gatewayPort;
  }

  public static void main(String[] args) {
    if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
      System.out.println(StandaloneOptions.USAGE);
      return;
    }
    StandaloneOptions options;
    try {
      options = StandaloneOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage() + "\n" + StandaloneOptions.USAGE);
      System.exit(2);
      return;
    }
    Standalone platform;
    try {
      platform = start(options);
    } catch (ProjectRefusedException e) {
      // each problem is one line naming its file and line; no stack trace
      e.problems().forEach(problem -> System.err.println("compozy: " + problem));
      System.err.println(
          "compozy: the project in "
              + e.directory()
              + " was not loaded ("
              + e.problems().size()
              + " problem"
              + (e.problems().size() == 1 ? "" : "s")
              + ")");
      System.exit(2);
      return;
    } catch (TraceStoreException e) {
      System.err.println("compozy: " + e.getMessage());
      System.exit(1);
      return;
    } catch (DataDirectoryInUseException e) {
      System.err.println("compozy: " + e.getMessage());
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(platform::close, "compozy-stop"));
  }

  public static Standalone start(StandaloneOptions options) {
    long t0 = System.nanoTime();
    configureLogging();
    DataDirectory data = new DataDirectory(options.dataDir());
    Path projectDir =
        options.projectDir() != null
            ? options.projectDir().toAbsolutePath().normalize()
            : data.bundledExample();
    LoadedProject project = loadOrExplain(projectDir);
    // fields of Compozy's that have no effect here: said once, at start, where the user looks
    project.warnings().forEach(w -> System.err.println("compozy: warning: " + w));
    int[] ports = data.infraPorts();
    ZipkinServer zipkin =
        options.tracingPort() == null
            ? null
            : ZipkinServer.start(options.tracingPort(), data.root().resolve("logs"));
    Infrastructure infra;
    try {
      infra =
          Infrastructure.start(
              new Infrastructure.Plan(data.root(), ports[0], ports[1], ports[2], ports[3], true));
    } catch (RuntimeException e) {
      if (zipkin != null) {
        zipkin.close();
      }
      throw e;
    }
    List<ConfigurableApplicationContext> started = new ArrayList<>();
    try {
      PlatformTopics.create(infra.endpoints().kafkaBootstrap());
      int registry = Ports.freeOr(options.registryPort());
      int execution = Ports.freeOr(options.executionPort());
      int workflow = Ports.freeOr(options.workflowPort());
      int scheduler = Ports.freeOr(options.schedulerPort());
      int gateway = Ports.freeOr(options.gatewayPort());
      List<String> common = new ArrayList<>(commonArgs(infra));
      common.add("--compozy.internal.secret=" + data.internalSecret());
      // with a trace store to look at, every execution is traced; without one, the platform's
      // share (tracing every request costs latency: docs/benchmarks.md); a benchmark may set its
      // own
      String sampling =
          System.getProperty(
              "management.tracing.sampling.probability", zipkin != null ? "1.0" : null);
      if (sampling != null) {
        common.add("--management.tracing.sampling.probability=" + sampling);
      }
      if (zipkin != null) {
        common.add("--management.tracing.export.zipkin.enabled=true");
        common.add("--management.tracing.export.zipkin.endpoint=" + zipkin.spansEndpoint());
        // GET /api/v0 names it: the console links each execution to its trace
        common.add("--compozy.tracing.ui-url=" + zipkin.url() + "/zipkin/traces/{trace_id}");
      }

      List<Service> services =
          List.of(
              service(
                  RegistryServiceApplication.class,
                  common,
                  service(registry),
                  "--compozy.registry.project-dir=" + projectDir),
              service(WorkflowServiceApplication.class, common, service(workflow)),
              service(
                  ExecutionServiceApplication.class,
                  common,
                  service(execution),
                  "--compozy.tools.project-dir=" + projectDir,
                  "--compozy.knowledge.dir=" + data.root().resolve("knowledge")),
              service(
                  SchedulerServiceApplication.class,
                  common,
                  service(scheduler),
                  "--compozy.services.execution=http://127.0.0.1:" + execution),
              service(
                  GatewayApplication.class,
                  common,
                  List.of(
                      "--server.port=" + gateway,
                      "--spring.autoconfigure.exclude="
                          + "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
                      "--compozy.services.registry=http://127.0.0.1:" + registry,
                      "--compozy.services.execution=http://127.0.0.1:" + execution,
                      "--compozy.services.workflow=http://127.0.0.1:" + workflow,
                      "--compozy.services.scheduler=http://127.0.0.1:" + scheduler,
                      "--compozy.gateway.auth.key-secret=" + data.secret(),
                      "--compozy.gateway.auth.admin-key="
                          + (options.adminKey() == null ? "" : options.adminKey()))));
      List<CompletableFuture<ConfigurableApplicationContext>> starting =
          services.stream().map(Standalone::run).toList();
      for (CompletableFuture<ConfigurableApplicationContext> s : starting) {
        started.add(s.join());
      }
      awaitCatalogs(started, project);
      Standalone platform = new Standalone(infra, started, services, gateway, zipkin);
      log.info(
          "Compozy standalone is ready in {} ms: gateway http://localhost:{}/api/v0, {} (project"
              + " '{}' from {}, data in {}){}",
          (System.nanoTime() - t0) / 1_000_000,
          gateway,
          infra.endpoints().describe(),
          project.project().name(),
          projectDir,
          data.root(),
          zipkin == null
              ? ""
              : ", traces at " + zipkin.url().replace("127.0.0.1", "localhost") + "/zipkin/");
      return platform;
    } catch (RuntimeException e) {
      started.reversed().forEach(ConfigurableApplicationContext::close);
      infra.close();
      if (zipkin != null) {
        zipkin.close();
      }
      throw e;
    }
  }

  /**
   * OpenTelemetry's SDK logs through java.util.logging; kept here, a JUL logger held only weakly
   * would forget its level.
   */
  private static final java.util.logging.Logger OTEL_SDK =
      java.util.logging.Logger.getLogger("io.opentelemetry.sdk");

  /**
   * Five application contexts in one JVM would each reset Logback (and race doing it), so the
   * launcher configures it once, with the request id in every line, and Spring Boot's logging
   * system stays off.
   */
  public static void configureLogging() {
    // "Calling shutdown() multiple times" at every stop: Boot closes the SDK and its tracer
    // provider both
    OTEL_SDK.setLevel(Level.WARNING);
    System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
    if (!(LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext ctx)) {
      return;
    }
    ctx.reset();
    var encoder = new ch.qos.logback.classic.encoder.PatternLayoutEncoder();
    encoder.setContext(ctx);
    encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %-40.40logger{39} %X{request_id:-} %msg%n");
    encoder.start();
    var console =
        new ch.qos.logback.core.ConsoleAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
    console.setContext(ctx);
    console.setEncoder(encoder);
    console.start();
    ch.qos.logback.classic.Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(ch.qos.logback.classic.Level.INFO);
    root.addAppender(console);
    QUIET_LOGGERS.forEach(name -> ctx.getLogger(name).setLevel(ch.qos.logback.classic.Level.WARN));
  }

  public int gatewayPort() {
    return gatewayPort;
  }

  /** The services' application contexts, gateway last. */
  public List<ConfigurableApplicationContext> contexts() {
    return contexts;
  }

  /** Where the platform's servers answer (for tests that look at the stores directly). */
  public Endpoints endpoints() {
    return infrastructure.endpoints();
  }

  private static LoadedProject loadOrExplain(Path dir) {
    try {
      return ProjectLoader.load(dir);
    } catch (ProjectLoadException e) {
      throw new ProjectRefusedException(dir, e.problems());
    }
  }

  /** A service behind the gateway: reachable from this machine only. */
  private static List<String> service(int port) {
    return List.of(
        "--server.port=" + port,
        "--server.address=127.0.0.1",
        "--spring.autoconfigure.exclude=" + GATEWAY_ONLY);
  }

  private static List<String> commonArgs(Infrastructure infra) {
    List<String> args = new ArrayList<>();
    infra.endpoints().springProperties().forEach((k, v) -> args.add("--" + k + "=" + v));
    args.add("--compozy.reactor.own-resources=true");
    // one instance of each service: nothing for the load balancer to choose between, and its
    // health checks would race the closing event loops when the platform stops
    args.add("--spring.cloud.loadbalancer.configurations=default");
    return args;
  }

  private static Service service(
      Class<?> app, List<String> common, List<String> own, String... more) {
    return new Service(
        app,
        Stream.of(common.stream(), own.stream(), Stream.of(more))
            .flatMap(x -> x)
            .toArray(String[]::new));
  }

  private static CompletableFuture<ConfigurableApplicationContext> run(Service service) {
    ClassLoader loader = Standalone.class.getClassLoader();
    return CompletableFuture.supplyAsync(
        () -> {
          // pool threads do not inherit the launcher's class loader, which in the fat jar is the
          // one that sees Spring
          Thread.currentThread().setContextClassLoader(loader);
          // no hook per context: the platform stops them in its order (services, then Kafka, Redis,
          // Postgres)
          return new SpringApplicationBuilder(service.app())
              .registerShutdownHook(false)
              .run(service.args());
        },
        STARTER);
  }

  /**
   * Stops one service (by its {@code spring.application.name}) and starts it again with the same
   * settings, as a crashed instance is replaced; the other services keep running.
   */
  public void restartService(String name) {
    for (int i = 0; i < contexts.size(); i++) {
      if (name.equals(contexts.get(i).getEnvironment().getProperty("spring.application.name"))) {
        contexts.get(i).close();
        contexts.set(i, run(services.get(i)).join());
        return;
      }
    }
    throw new IllegalArgumentException("no service named " + name);
  }

  /**
   * Starts one more instance of a service (by its {@code spring.application.name}) on a free port,
   * as a deployment scales out; it stops with the platform, or earlier when its context is closed.
   */
  public ConfigurableApplicationContext startReplica(String name) {
    for (int i = 0; i < contexts.size(); i++) {
      if (name.equals(contexts.get(i).getEnvironment().getProperty("spring.application.name"))) {
        Service s = services.get(i);
        String[] args =
            Arrays.stream(s.args())
                .map(a -> a.startsWith("--server.port=") ? "--server.port=0" : a)
                .toArray(String[]::new);
        ConfigurableApplicationContext replica = run(new Service(s.app(), args)).join();
        replicas.add(replica);
        return replica;
      }
    }
    throw new IllegalArgumentException("no service named " + name);
  }

  /**
   * Ready means a request can start any workflow of the project and run it: every catalog has the
   * workflows and everything else the import published (the project's models, the agents), not only
   * the partitions it happened to read first.
   */
  private static void awaitCatalogs(
      List<ConfigurableApplicationContext> contexts, LoadedProject project) {
    for (ConfigurableApplicationContext ctx : contexts) {
      for (ResourceCatalog catalog : ctx.getBeansOfType(ResourceCatalog.class).values()) {
        try {
          for (WorkflowDef wf : project.workflows()) {
            if (!catalog.awaitWorkflow(wf.id(), Duration.ofSeconds(60))) {
              throw new IllegalStateException(
                  "workflow " + wf.id() + " did not reach " + ctx.getId() + " within 60 s");
            }
          }
          if (!catalog.awaitCurrent(Duration.ofSeconds(60))) {
            throw new IllegalStateException(
                "the definitions did not all reach " + ctx.getId() + " within 60 s");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for the catalogs", e);
        }
      }
    }
  }

  private static List<String> autoConfigurationsOf(String... jars) {
    List<String> out = new ArrayList<>();
    try {
      var urls =
          Standalone.class
              .getClassLoader()
              .getResources(
                  "META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports");
      while (urls.hasMoreElements()) {
        URL url = urls.nextElement();
        if (Stream.of(jars).noneMatch(j -> url.toString().contains(j))) {
          continue;
        }
        try (var in = url.openStream()) {
          new String(in.readAllBytes(), StandardCharsets.UTF_8)
              .lines()
              .map(String::strip)
              .filter(l -> !l.isEmpty() && !l.startsWith("#"))
              .forEach(out::add);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list auto-configurations", e);
    }
    return out;
  }

  /**
   * Stops everything once, services first, then Kafka, Redis and Postgres; later calls do nothing.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    replicas.stream()
        .filter(ConfigurableApplicationContext::isActive)
        .forEach(ConfigurableApplicationContext::close);
    contexts.reversed().forEach(ConfigurableApplicationContext::close);
    infrastructure.close();
    if (zipkin != null) {
      zipkin.close();
    }
  }

  /** Zipkin's address when started with tracing ({@code --tracing}), else null. */
  public @Nullable String tracesUrl() {
    return zipkin == null ? null : zipkin.url();
  }
}
