package io.compozy.standalone;

import io.compozy.infra.embedded.Ports;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Zipkin's server as the trace store of {@code --tracing}: its executable jar from Maven Central,
 * run as a child process with in-memory storage on its own port, stopped with the platform.
 */
final class ZipkinServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ZipkinServer.class);
  private static final Duration START_DEADLINE = Duration.ofSeconds(90);
  private final Process process;
  private final int port;

  private ZipkinServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Where spans go: Zipkin's v2 API. */
  String spansEndpoint() {
    return url() + "/api/v2/spans";
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  /**
   * Starts Zipkin on {@code port} (0: a free one) and waits until it answers its health check.
   *
   * @throws IllegalStateException naming the jar when it is missing, or the reason it did not start
   */
  static ZipkinServer start(int port, Path logDir) {
    Path jar = jar();
    int chosen = Ports.freeOr(port);
    try {
      Files.createDirectories(logDir);
      ProcessBuilder pb =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xms64m",
                  "-Xmx256m",
                  "-XX:+UseSerialGC",
                  "-jar",
                  jar.toString())
              .redirectErrorStream(true)
              .redirectOutput(logDir.resolve("zipkin.log").toFile());
      pb.environment().put("QUERY_PORT", Integer.toString(chosen));
      pb.environment().put("STORAGE_TYPE", "mem");
      pb.environment().put("MEM_MAX_SPANS", "500000");
      Process p = pb.start();
      ZipkinServer server = new ZipkinServer(p, chosen);
      server.awaitHealthy(logDir.resolve("zipkin.log"));
      log.info("Zipkin (traces) at {}", server.url());
      return server;
    } catch (IOException e) {
      throw new TraceStoreException("Zipkin did not start from " + jar + ": " + e.getMessage(), e);
    }
  }

  /**
   * {@code COMPOZY_ZIPKIN_JAR}, else {@code zipkin/zipkin-server.jar} beside this module's jar or
   * classes.
   */
  static Path jar() {
    String own = System.getenv("COMPOZY_ZIPKIN_JAR");
    if (own != null && !own.isBlank()) {
      return requireFile(Path.of(own));
    }
    // java -jar: the class path is the executable jar; tests: the module's classes
    String first = System.getProperty("java.class.path", "").split(File.pathSeparator)[0];
    @Nullable Path beside =
        first.endsWith(".jar") ? Path.of(first).toAbsolutePath().getParent() : null;
    if (beside == null) {
      try {
        beside =
            Path.of(ZipkinServer.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .getParent();
      } catch (URISyntaxException | RuntimeException e) {
        // no code source (an unusual class loader): only the environment can say
      }
    }
    return requireFile(
        beside == null
            ? Path.of("zipkin-server.jar")
            : beside.resolve("zipkin").resolve("zipkin-server.jar"));
  }

  private static Path requireFile(Path jar) {
    if (!Files.isRegularFile(jar)) {
      throw new TraceStoreException(
          "--tracing needs Zipkin's server jar at "
              + jar
              + " (bin/standalone --tracing fetches it; or set COMPOZY_ZIPKIN_JAR)");
    }
    return jar;
  }

  private void awaitHealthy(Path logFile) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + START_DEADLINE.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new TraceStoreException(
            "Zipkin stopped at start (exit " + process.exitValue() + "): see " + logFile);
      }
      try {
        HttpResponse<Void> r =
            http.send(
                HttpRequest.newBuilder(URI.create(url() + "/health"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        close();
        throw new TraceStoreException("interrupted while Zipkin started", e);
      }
      try {
        Thread.sleep(250); // a child process's port: nothing to be told by, so looked at
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        close();
        throw new TraceStoreException("interrupted while Zipkin started", e);
      }
    }
    close();
    throw new TraceStoreException(
        "Zipkin did not answer within " + START_DEADLINE.toSeconds() + " s: see " + logFile);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
