package io.compozy.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Standalone mode as a process, as a user runs it: a start it refuses is one line per problem and a
 * status, no stack trace; a SIGTERM stops the services before Kafka, Redis and Postgres, with
 * nothing logged as an error.
 */
class ProcessLifecycleTest {
  @TempDir Path dir;

  @Test
  void aProjectThatDoesNotLoadEndsWithItsFileLineAndStatus2() throws Exception {
    Path project = dir.resolve("project");
    Files.createDirectories(project.resolve("workflows"));
    Files.writeString(
        project.resolve("compozy.yaml"),
        "name: broken\nworkflows:\n  - source: ./workflows/w.yaml\n");
    Files.writeString(
        project.resolve("workflows/w.yaml"),
        "id: w\n"
            + "tasks:\n"
            + "  - id: a\n"
            + "    tool: nosuchtool\n"
            + "  - id: b\n"
            + "    tool: cp__fetch\n"
            + "    with: {url: \"{{ .workflow.input.x \"}\n");
    var run = run("--project", project.toString(), "--data-dir", dir.resolve("data").toString());
    assertThat(run.status()).as(run.err()).isEqualTo(2);
    assertThat(run.err())
        .contains("workflows/w.yaml:4")
        .contains("nosuchtool")
        .contains("workflows/w.yaml:7")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
  }

  @Test
  void aBadFlagIsOneLineAndStatus2() throws Exception {
    var run = run("--port", "not-a-port");
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).contains("--port").doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void tracingWithoutZipkinsJarIsOneLineNamingIt() throws Exception {
    Path missing = dir.resolve("nowhere/zipkin-server.jar");
    var run =
        run(
            Map.of("COMPOZY_ZIPKIN_JAR", missing.toString()),
            "--tracing",
            "--data-dir",
            dir.resolve("data").toString(),
            "--port",
            "0");
    assertThat(run.status()).as(run.err()).isEqualTo(1);
    assertThat(run.err())
        .contains("compozy: --tracing needs Zipkin's server jar at " + missing)
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
    var badPort = run("--tracing-port", "zipkin");
    assertThat(badPort.status()).isEqualTo(2);
    assertThat(badPort.err()).contains("--tracing-port must be a number").doesNotContain("\tat ");
  }

  @Test
  void aSigtermStopsEverythingInOrderWithoutAnError() throws Exception {
    Path data = dir.resolve("data");
    Path out = dir.resolve("out.log");
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Standalone.class.getName(),
                "--data-dir",
                data.toString(),
                "--port",
                "0"));
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    try {
      long deadline = System.currentTimeMillis() + 180_000;
      while (!Files.readString(out).contains("Compozy standalone is ready")
          && System.currentTimeMillis() < deadline) {
        assertThat(p.isAlive()).as("the platform is running: %s", Files.readString(out)).isTrue();
        Thread.sleep(200);
      }
      // the ready line says where Kafka, Postgres and Redis are, for the user's own tools
      assertThat(Files.readString(out))
          .contains("Compozy standalone is ready")
          .containsPattern(
              "is ready in \\d+ ms: gateway http://localhost:\\d+/api/v0, Kafka"
                  + " 127\\.0\\.0\\.1:\\d+, Postgres 127\\.0\\.0\\.1:\\d+/postgres, Redis"
                  + " 127\\.0\\.0\\.1:\\d+");
      long postgres =
          Long.parseLong(
              Files.readAllLines(data.resolve("postgres/postmaster.pid")).getFirst().trim());
      long redis = Long.parseLong(Files.readString(data.resolve("redis/redis-server.pid")).trim());
      String before = Files.readString(out);
      p.destroy(); // SIGTERM
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("stopped within a minute").isTrue();
      String stopping = Files.readString(out).substring(before.length());
      assertThat(
              stopping
                  .lines()
                  .filter(
                      l ->
                          l.contains(" ERROR ")
                              || l.contains("Exception")
                              || l.startsWith("\tat ")))
          .as("what the stop logged:%n%s", stopping)
          .isEmpty();
      assertThat(ProcessHandle.of(postgres).filter(ProcessHandle::isAlive))
          .as("Postgres stopped")
          .isEmpty();
      assertThat(ProcessHandle.of(redis).filter(ProcessHandle::isAlive))
          .as("Redis stopped")
          .isEmpty();
    } finally {
      p.destroyForcibly();
    }
  }

  private record Run(int status, String err) {}

  private static Run run(String... args) throws Exception {
    return run(Map.of(), args);
  }

  private static Run run(Map<String, String> env, String... args) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Standalone.class.getName()));
    command.addAll(List.of(args));
    Path err = Files.createTempFile("compozy-start", ".err");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(err.toFile());
    builder.environment().putAll(env);
    Process p = builder.start();
    try {
      assertThat(p.waitFor(60, TimeUnit.SECONDS))
          .as("the start ends by itself: %s", Files.readString(err))
          .isTrue();
      return new Run(p.exitValue(), Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      p.destroyForcibly();
      Files.deleteIfExists(err);
    }
  }
}
