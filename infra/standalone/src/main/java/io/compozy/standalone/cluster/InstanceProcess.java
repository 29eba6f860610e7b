package io.compozy.standalone.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One service instance running as a child process of the cluster, its output appended to its log.
 */
final class InstanceProcess {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  private final InstanceName name;
  private final int port;
  private final Path log;
  private final Process process;

  /**
   * Where this start's output begins in the log (earlier starts of the instance wrote what is
   * before).
   */
  private final long logStart;

  private final long spawnedAt = System.nanoTime();
  private volatile long readyMillis = -1;

  private InstanceProcess(InstanceName name, int port, Path log, Process process, long logStart) {
    this.name = name;
    this.port = port;
    this.log = log;
    this.process = process;
    this.logStart = logStart;
  }

  static InstanceProcess spawn(
      InstanceName name,
      int port,
      List<String> command,
      Map<String, String> environment,
      Path log) {
    try {
      Files.createDirectories(log.getParent());
      Files.writeString(
          log,
          "---- " + Instant.now() + " starting " + name + " on port " + port + "\n",
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      builder.environment().putAll(environment);
      long logStart = Files.size(log);
      return new InstanceProcess(name, port, log, builder.start(), logStart);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
  }

  /**
   * Waits until the instance answers ready on its readiness probe (its stores, Kafka and catalog
   * are there), or it exits, or {@code timeout} passes; true when ready.
   */
  boolean awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    if (!name.service().isPlatformService()) {
      return awaitKafkaNode(deadline);
    }
    HttpRequest probe =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
            .timeout(Duration.ofSeconds(2))
            .build();
    while (System.nanoTime() < deadline && process.isAlive()) {
      try {
        if (HTTP.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          readyMillis = (System.nanoTime() - spawnedAt) / 1_000_000;
          return true;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    return false;
  }

  /**
   * A Kafka node says so in its log once it serves (KafkaNodeMain); only what this start wrote is
   * read, each time from where the last look stopped.
   */
  private boolean awaitKafkaNode(long deadline) throws InterruptedException {
    long position = logStart;
    StringBuilder pending = new StringBuilder();
    while (System.nanoTime() < deadline && process.isAlive()) {
      try (SeekableByteChannel in = Files.newByteChannel(log)) {
        in.position(position);
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        int read;
        while ((read = in.read(buffer)) > 0) {
          pending.append(new String(buffer.array(), 0, read, StandardCharsets.ISO_8859_1));
          position += read;
          buffer.clear();
        }
      } catch (IOException notYet) {
        // the log is being written
      }
      int newline;
      while ((newline = pending.indexOf("\n")) >= 0) {
        String line = pending.substring(0, newline);
        pending.delete(0, newline + 1);
        if (line.startsWith("kafka node ") && line.contains(" serves on ")) {
          readyMillis = (System.nanoTime() - spawnedAt) / 1_000_000;
          return true;
        }
      }
      // the node writes its line when it serves: looked for five times a second, like the services'
      // probes
      Thread.sleep(200);
    }
    return false;
  }

  InstanceName name() {
    return name;
  }

  int port() {
    return port;
  }

  Path log() {
    return log;
  }

  Process process() {
    return process;
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Milliseconds from spawn to ready, or -1 while not (yet) ready. */
  long readyMillis() {
    return readyMillis;
  }

  /** Asks the instance to stop (SIGTERM: it drains and closes as on any shutdown). */
  void stop() {
    process.destroy();
  }

  void kill() {
    process.destroyForcibly();
  }
}
