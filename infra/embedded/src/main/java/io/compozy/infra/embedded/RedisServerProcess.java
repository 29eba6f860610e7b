package io.compozy.infra.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import redis.embedded.core.ExecutableProvider;

/**
 * A real Redis server: the binary embedded-redis ships, run as a child process of ours. With a data
 * directory it keeps its data in an append-only file, so standalone mode survives a restart.
 * embedded-redis's own runner registers a JVM shutdown hook that stops Redis while the services
 * still use it; this one stops only when {@link #close} is called, in the platform's order.
 */
public final class RedisServerProcess implements AutoCloseable {
  private static final long START_TIMEOUT_MS = 15_000;
  private final Path dataDir;
  private final int port;
  private final boolean persistent;
  private final String password;
  private Process process;

  public RedisServerProcess(Path dataDir, int port, boolean persistent, String password) {
    this.dataDir = dataDir;
    this.port = Ports.freeOr(port);
    this.persistent = persistent;
    this.password = password;
  }

  public synchronized RedisServerProcess start() {
    try {
      Files.createDirectories(dataDir);
      List<String> command =
          new ArrayList<>(
              List.of(
                  ExecutableProvider.newJarResourceProvider().get().getAbsolutePath(),
                  "--port",
                  Integer.toString(port),
                  "--bind",
                  "127.0.0.1",
                  "--dir",
                  dataDir.toAbsolutePath().toString(),
                  "--save",
                  "",
                  "--requirepass",
                  password,
                  // lets a later start find and stop this server if its platform dies without
                  // stopping it
                  "--pidfile",
                  dataDir.toAbsolutePath().resolve(LeftoverServers.REDIS_PID_FILE).toString()));
      if (persistent) {
        command.addAll(List.of("--appendonly", "yes"));
      }
      Path log = dataDir.resolve("redis.log");
      process =
          new ProcessBuilder(command)
              .directory(dataDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      awaitAnswer(log);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start Redis in " + dataDir, e);
    }
  }

  /** Waits until Redis answers on its port (asking for the password is an answer). */
  private void awaitAnswer(Path log) throws IOException {
    long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
    while (System.currentTimeMillis() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("Redis exited with status " + process.exitValue() + "; see " + log);
      }
      if (answersPing()) {
        return;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while Redis started", e);
      }
    }
    process.destroyForcibly();
    throw new IOException(
        "Redis did not answer on port " + port + " within " + START_TIMEOUT_MS + " ms; see " + log);
  }

  private boolean answersPing() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      s.setSoTimeout(500);
      OutputStream out = s.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      int first = in.read();
      return first == '+' || first == '-';
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Freezes Redis (SIGSTOP): connections stay open and nothing answers, as in a long GC or a hung
   * host.
   */
  public synchronized void pause() {
    signal("-STOP");
  }

  /** Lets a paused Redis go on (SIGCONT): it then runs what was sent meanwhile. */
  public synchronized void resume() {
    signal("-CONT");
  }

  private void signal(String signal) {
    if (process == null) {
      throw new IllegalStateException("Redis is not running");
    }
    try {
      int status =
          new ProcessBuilder("kill", signal, Long.toString(process.pid()))
              .inheritIO()
              .start()
              .waitFor();
      if (status != 0) {
        throw new IllegalStateException(
            "kill " + signal + " " + process.pid() + " exited with " + status);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  public int port() {
    return port;
  }

  /** Stops Redis as SIGTERM does (an append-only file is flushed first), bounded at 15 s. */
  @Override
  public synchronized void close() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    process = null;
  }
}
