package io.compozy.infra.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real PostgreSQL server (zonky's embedded binaries, PG 17) on a fixed data directory and port,
 * which can be stopped and started again with its data: tests use that to see readiness go DOWN.
 * Works as root: the binaries run as an unprivileged user.
 */
public final class PostgresServer implements AutoCloseable {
  public static final String USER = "postgres";
  public static final String DATABASE = "postgres";

  /** The whole pg_hba.conf once a password is set: every connection, local or TCP, gives it. */
  private static final String PASSWORD_RULES =
      """
      # written by Compozy: the superuser's password is required (kept in the data directory)
      local all all scram-sha-256
      host all all 127.0.0.1/32 scram-sha-256
      host all all ::1/128 scram-sha-256
      """;

  private final Path dataDir;
  private final int port;
  private final boolean durable;
  private final String password;
  private EmbeddedPostgres postgres;

  /**
   * @param durable whether a commit waits for its WAL to reach the disk (data that outlives the
   *     process: standalone mode); throwaway test data need not
   */
  public PostgresServer(Path dataDir, int port, boolean durable, String password) {
    this.dataDir = dataDir;
    this.port = Ports.freeOr(port);
    this.durable = durable;
    this.password = password;
  }

  public synchronized PostgresServer start() {
    try {
      Files.createDirectories(dataDir);
      postgres =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDir)
              .setCleanDataDirectory(false)
              // stopped by the platform after its services (zonky's own hook raced them at SIGTERM)
              .setRegisterShutdownHook(false)
              .setPort(port)
              .setServerConfig("max_connections", "200")
              .setServerConfig("fsync", "on")
              // zonky turns synchronous_commit off: a Postgres crash would lose commits already
              // acknowledged (and the messages their outboxes sent)
              .setServerConfig("synchronous_commit", durable ? "on" : "off")
              // zonky checks readiness over TCP as the superuser: with the password once it is
              // required
              .setConnectConfig("password", password)
              .start();
      requirePassword();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start Postgres in " + dataDir, e);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot set the password of Postgres in " + dataDir + ": " + e.getMessage(), e);
    }
  }

  /**
   * zonky's initdb lets every local user in without a password ({@code trust}): on the first start
   * the superuser gets its password and every connection must give it (SCRAM) from then on.
   */
  private void requirePassword() throws IOException, SQLException {
    Path hba = dataDir.resolve("pg_hba.conf");
    if (Files.readString(hba).contains(PASSWORD_RULES)) {
      return;
    }
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement st = c.createStatement()) {
      st.execute("alter role " + USER + " password '" + password.replace("'", "''") + "'");
      Files.writeString(hba, PASSWORD_RULES);
      st.execute("select pg_reload_conf()");
    }
  }

  /**
   * Stops Postgres and waits (at most 30 s) until its server process has ended, its data written.
   */
  public synchronized void stop() {
    if (postgres != null) {
      Optional<ProcessHandle> server = Optional.empty();
      try {
        server = Optional.of(postmaster());
      } catch (RuntimeException e) {
        // no pid file: nothing to wait for
      }
      try {
        postgres.close();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot stop Postgres", e);
      }
      postgres = null;
      server.ifPresent(PostgresServer::awaitExit);
    }
  }

  private static void awaitExit(ProcessHandle server) {
    try {
      server.onExit().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // pg_ctl asked it to stop; a server still writing after 30 s is left to finish
    }
  }

  /**
   * Freezes the server and every backend (SIGSTOP): connections stay open and nothing answers, as
   * in a hung host; {@link #resume} lets it go on with what it was sent meanwhile.
   */
  public synchronized void pause() {
    ProcessHandle postmaster = postmaster();
    signal("-STOP", postmaster.pid());
    postmaster.children().forEach(child -> signal("-STOP", child.pid()));
  }

  public synchronized void resume() {
    ProcessHandle postmaster = postmaster();
    postmaster.children().forEach(child -> signal("-CONT", child.pid()));
    signal("-CONT", postmaster.pid());
  }

  private ProcessHandle postmaster() {
    try {
      long pid =
          Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).getFirst().trim());
      return ProcessHandle.of(pid)
          .orElseThrow(
              () -> new IllegalStateException("Postgres (pid " + pid + ") is not running"));
    } catch (IOException e) {
      throw new UncheckedIOException("Postgres is not running in " + dataDir, e);
    }
  }

  private static void signal(String signal, long pid) {
    try {
      new ProcessBuilder("kill", signal, Long.toString(pid)).inheritIO().start().waitFor();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
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
