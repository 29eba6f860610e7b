package io.compozy.knowledge;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A Postgres with pgvector for the store's tests: the one at {@code COMPOZY_TEST_PGVECTOR_URL} (a
 * JDBC URL with user and password) when set, else PGlite (Postgres compiled to WebAssembly, with
 * the real pgvector extension) behind its wire-protocol server, installed from npm into the
 * temporary folder on first use and run by Node.js. Without either, the tests are skipped and say
 * why.
 */
public final class PgliteServer implements AutoCloseable {
  static final Path HOME =
      Path.of(System.getProperty("java.io.tmpdir"), "compozy-test-pglite").toAbsolutePath();
  private final String url;
  private final Process process;

  private PgliteServer(String url, Process process) {
    this.url = url;
    this.process = process;
  }

  public static PgliteServer start() throws Exception {
    String given = System.getenv("COMPOZY_TEST_PGVECTOR_URL");
    if (given != null && !given.isBlank()) {
      return new PgliteServer(given, null);
    }
    Path script = HOME.resolve("node_modules/@electric-sql/pglite-socket/dist/scripts/server.js");
    if (!Files.exists(script)) {
      Files.createDirectories(HOME);
      Process npm;
      try {
        npm =
            new ProcessBuilder(
                    "npm",
                    "install",
                    "--no-audit",
                    "--no-fund",
                    "--silent",
                    "--prefix",
                    HOME.toString(),
                    "@electric-sql/pglite@0.5.14",
                    "@electric-sql/pglite-socket@0.2.17",
                    "@electric-sql/pglite-pgvector@0.0.15")
                .redirectErrorStream(true)
                .redirectOutput(HOME.resolve("npm.log").toFile())
                .start();
      } catch (IOException e) {
        Assumptions.abort(
            "pgvector tests skipped: no COMPOZY_TEST_PGVECTOR_URL and no npm to install PGlite ("
                + e.getMessage()
                + ")");
        throw e;
      }
      if (!npm.waitFor(300, TimeUnit.SECONDS) || npm.exitValue() != 0 || !Files.exists(script)) {
        Assumptions.abort(
            "pgvector tests skipped: no COMPOZY_TEST_PGVECTOR_URL, and PGlite could not be"
                + " installed from npm (see "
                + HOME.resolve("npm.log")
                + ")");
      }
    }
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Process node =
        new ProcessBuilder(
                "node",
                script.toString(),
                "--port",
                Integer.toString(port),
                "--host",
                "127.0.0.1",
                "-e",
                "@electric-sql/pglite-pgvector:vector",
                "--max-connections",
                "8")
            .directory(HOME.toFile())
            .redirectErrorStream(true)
            .start();
    CompletableFuture<Boolean> listening = new CompletableFuture<>();
    Thread.ofPlatform()
        .daemon()
        .name("pglite-output")
        .start(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  if (line.contains("listening")) {
                    listening.complete(true);
                  }
                }
              } catch (IOException e) {
                // the server stopped
              }
              listening.complete(false);
            });
    if (!listening.get(60, TimeUnit.SECONDS)) {
      node.destroyForcibly();
      throw new IllegalStateException("PGlite's server did not start");
    }
    return new PgliteServer(
        "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres&password=postgres", node);
  }

  public String url() {
    return url;
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
