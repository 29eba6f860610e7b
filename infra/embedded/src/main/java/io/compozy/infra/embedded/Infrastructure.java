package io.compozy.infra.embedded;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka, Postgres and Redis for the platform: each is external when its environment variable names
 * it ({@code COMPOZY_KAFKA_BOOTSTRAP}; {@code COMPOZY_POSTGRES_HOST} with {@code _PORT}, {@code
 * _DB}, {@code _USER}, {@code _PASSWORD}; {@code COMPOZY_REDIS_HOST} with {@code _PORT}), otherwise
 * provided by Testcontainers or embedded in this JVM as {@link InfraMode} says.
 */
public final class Infrastructure implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Infrastructure.class);

  private final List<AutoCloseable> started = new ArrayList<>();
  private final Endpoints endpoints;
  private final @Nullable PostgresServer embeddedPostgres;
  private final @Nullable Containers containers;
  private @Nullable RedisServerProcess embeddedRedis;

  /**
   * The data directory of an ephemeral plan: removed at close (test and benchmark runs left
   * gigabytes behind).
   */
  private final @Nullable Path throwaway;

  /**
   * Ports to use for embedded servers (0 = any free port) and whether data outlives the process.
   */
  public record Plan(
      Path dataDir,
      int kafkaPort,
      int kafkaControllerPort,
      int postgresPort,
      int redisPort,
      boolean persistent) {
    public static Plan ephemeral(Path dataDir) {
      return new Plan(dataDir, 0, 0, 0, 0, false);
    }
  }

  private Infrastructure(Plan plan, InfraMode mode, Map<String, String> env) {
    long t0 = System.nanoTime();
    throwaway = plan.persistent() ? null : plan.dataDir();
    boolean useContainers =
        mode == InfraMode.CONTAINERS || (mode == InfraMode.AUTO && Containers.isDockerAvailable());
    if (mode == InfraMode.CONTAINERS && !Containers.isDockerAvailable()) {
      throw new IllegalStateException("COMPOZY_TEST_INFRA=containers but no Docker engine answers");
    }
    containers = useContainers ? track(new Containers().start()) : null;
    boolean embedsAny =
        containers == null
            && (env.get("COMPOZY_KAFKA_BOOTSTRAP") == null
                || env.get("COMPOZY_POSTGRES_HOST") == null
                || env.get("COMPOZY_REDIS_HOST") == null);
    if (embedsAny) {
      // one platform per data directory; holding it, servers still running there are an earlier
      // run's (killed before it could stop them) and would keep the ports this run needs
      track(DataDirectoryLock.acquire(plan.dataDir()));
      LeftoverServers.stopIn(plan.dataDir());
    }
    // Postgres and Redis start while the broker formats and starts: it is the slowest of the three
    boolean embedPostgres = env.get("COMPOZY_POSTGRES_HOST") == null && containers == null;
    CompletableFuture<PostgresServer> pgStart =
        embedPostgres
            ? CompletableFuture.supplyAsync(
                () ->
                    new PostgresServer(
                            plan.dataDir().resolve("postgres"),
                            plan.postgresPort(),
                            plan.persistent(),
                            ServerPasswords.of(plan.dataDir(), "postgres"))
                        .start())
            : CompletableFuture.completedFuture(null);

    String kafka = env.get("COMPOZY_KAFKA_BOOTSTRAP");
    if (kafka == null) {
      kafka =
          containers != null
              ? containers.kafkaBootstrap()
              : track(
                      new KafkaBroker(
                              plan.dataDir().resolve("kafka"),
                              plan.kafkaPort(),
                              plan.kafkaControllerPort())
                          .start())
                  .bootstrapServers();
    }

    String pgHost = env.get("COMPOZY_POSTGRES_HOST");
    PostgresServer pg = null;
    String pgDb;
    String pgUser;
    String pgPassword;
    int pgPort;
    if (pgHost != null) {
      pgPort = Integer.parseInt(env.getOrDefault("COMPOZY_POSTGRES_PORT", "5432"));
      pgDb = env.getOrDefault("COMPOZY_POSTGRES_DB", "postgres");
      pgUser = env.getOrDefault("COMPOZY_POSTGRES_USER", "postgres");
      pgPassword = env.getOrDefault("COMPOZY_POSTGRES_PASSWORD", "");
    } else if (containers != null) {
      pgHost = containers.postgresHost();
      pgPort = containers.postgresPort();
      pgDb = containers.postgresDatabase();
      pgUser = containers.postgresUser();
      pgPassword = containers.postgresPassword();
    } else {
      pg = track(pgStart.join());
      pgHost = "127.0.0.1";
      pgPort = pg.port();
      pgDb = PostgresServer.DATABASE;
      pgUser = PostgresServer.USER;
      pgPassword = ServerPasswords.of(plan.dataDir(), "postgres");
    }
    embeddedPostgres = pg;

    String redisHost = env.get("COMPOZY_REDIS_HOST");
    int redisPort;
    String redisPassword = "";
    if (redisHost != null) {
      redisPort = Integer.parseInt(env.getOrDefault("COMPOZY_REDIS_PORT", "6379"));
      redisPassword = env.getOrDefault("COMPOZY_REDIS_PASSWORD", "");
    } else if (containers != null) {
      redisHost = containers.redisHost();
      redisPort = containers.redisPort();
    } else {
      redisHost = "127.0.0.1";
      redisPassword = ServerPasswords.of(plan.dataDir(), "redis");
      embeddedRedis =
          track(
              new RedisServerProcess(
                      plan.dataDir().resolve("redis"),
                      plan.redisPort(),
                      plan.persistent(),
                      redisPassword)
                  .start());
      redisPort = embeddedRedis.port();
    }
    endpoints =
        new Endpoints(
            kafka, pgHost, pgPort, pgDb, pgUser, pgPassword, redisHost, redisPort, redisPassword);
    log.info(
        "infrastructure ready in {} ms ({}): {}",
        (System.nanoTime() - t0) / 1_000_000,
        containers != null ? "containers" : embedsAny ? "embedded" : "external",
        endpoints.springProperties().keySet().stream()
            .filter(k -> !k.contains("password"))
            .map(k -> k + "=" + endpoints.springProperties().get(k))
            .toList());
  }

  public static Infrastructure start(Plan plan) {
    return new Infrastructure(plan, InfraMode.fromEnvironment(), System.getenv());
  }

  public static Infrastructure start(Plan plan, InfraMode mode, Map<String, String> env) {
    return new Infrastructure(plan, mode, env);
  }

  private <T extends AutoCloseable> T track(T server) {
    started.add(server);
    return server;
  }

  public Endpoints endpoints() {
    return endpoints;
  }

  /** Whether this process controls Postgres (and can stop it); false when it is external. */
  public boolean canStopPostgres() {
    return embeddedPostgres != null || containers != null;
  }

  /** Makes Postgres unreachable, keeping its data; {@link #startPostgres()} brings it back. */
  public void stopPostgres() {
    if (embeddedPostgres != null) {
      embeddedPostgres.stop();
    } else if (containers != null) {
      containers.pausePostgres();
    } else {
      throw new IllegalStateException("Postgres is external: this process cannot stop it");
    }
  }

  public void startPostgres() {
    if (embeddedPostgres != null) {
      embeddedPostgres.start();
    } else if (containers != null) {
      containers.unpausePostgres();
    }
  }

  /** Freezes the embedded Postgres and its backends (SIGSTOP) until {@link #resumePostgres()}. */
  public void pausePostgres() {
    if (embeddedPostgres != null) {
      embeddedPostgres.pause();
    } else if (containers != null) {
      containers.pausePostgres();
    } else {
      throw new IllegalStateException("Postgres is external: this process cannot pause it");
    }
  }

  public void resumePostgres() {
    if (embeddedPostgres != null) {
      embeddedPostgres.resume();
    } else if (containers != null) {
      containers.unpausePostgres();
    }
  }

  /** Whether this process runs Redis itself (and can stop it). */
  public boolean canStopRedis() {
    return embeddedRedis != null;
  }

  /** Freezes the embedded Redis (SIGSTOP) until {@link #resumeRedis()}. */
  public void pauseRedis() {
    if (embeddedRedis == null) {
      throw new IllegalStateException("Redis is external: this process cannot pause it");
    }
    embeddedRedis.pause();
  }

  public void resumeRedis() {
    if (embeddedRedis != null) {
      embeddedRedis.resume();
    }
  }

  /** Stops the embedded Redis; {@link #startRedis()} starts it again on the same port. */
  public void stopRedis() {
    if (embeddedRedis == null) {
      throw new IllegalStateException("Redis is external: this process cannot stop it");
    }
    embeddedRedis.close();
  }

  public void startRedis() {
    if (embeddedRedis != null) {
      embeddedRedis.start();
    }
  }

  private static int stopOrder(AutoCloseable server) {
    return switch (server) {
      case KafkaBroker k -> 0;
      case RedisServerProcess r -> 1;
      case PostgresServer p -> 2;
      case DataDirectoryLock l -> 4;
      default -> 3;
    };
  }

  @Override
  public void close() {
    // the broker first (its clients, the services, are gone), then Redis, then Postgres, whose
    // data the others' state refers to; the data-directory lock last
    List<AutoCloseable> order = new ArrayList<>(started.reversed());
    order.sort(Comparator.comparingInt(Infrastructure::stopOrder));
    for (AutoCloseable server : order) {
      try {
        server.close();
      } catch (Exception e) {
        log.warn("stopping {} failed", server.getClass().getSimpleName(), e);
      }
    }
    started.clear();
    if (throwaway != null) {
      DataDirectories.delete(throwaway);
    }
  }
}
