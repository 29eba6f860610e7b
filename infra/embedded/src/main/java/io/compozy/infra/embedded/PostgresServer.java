package io.compozy.infra.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real PostgreSQL server (zonky's embedded binaries, PG 17) on a fixed data directory and port,
 * which can be stopped and started again with its data: tests use that to see readiness go DOWN.
 * Works as root: the binaries run as an unprivileged user.
 */
public final class PostgresServer implements AutoCloseable {
  public static final String USER = "postgres";
  public static final String DATABASE = "postgres";

  private final Path dataDir;
  private final int port;
  private final boolean durable;
  private EmbeddedPostgres postgres;

  /**
   * @param durable whether a commit waits for its WAL to reach the disk (data that outlives the
   *     process: standalone mode); throwaway test data need not
   */
  public PostgresServer(Path dataDir, int port, boolean durable) {
    this.dataDir = dataDir;
    this.port = Ports.freeOr(port);
    this.durable = durable;
  }

  public synchronized PostgresServer start() {
    try {
      Files.createDirectories(dataDir);
      postgres =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDir)
              .setCleanDataDirectory(false)
              .setPort(port)
              .setServerConfig("max_connections", "200")
              .setServerConfig("fsync", "on")
              // zonky turns synchronous_commit off: a Postgres crash would lose commits already
              // acknowledged (and the messages their outboxes sent)
              .setServerConfig("synchronous_commit", durable ? "on" : "off")
              .start();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start Postgres in " + dataDir, e);
    }
  }

  public synchronized void stop() {
    if (postgres != null) {
      try {
        postgres.close();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot stop Postgres", e);
      }
      postgres = null;
    }
  }

  public boolean isRunning() {
    return postgres != null;
  }

  public int port() {
    return port;
  }

  @Override
  public void close() {
    stop();
  }
}
