package io.compozy.infra.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A Kafka node process started with bad options says so in one line and exits 2, never a stack
 * trace.
 */
class KafkaNodeMainTest {
  private static Result run(String... args) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                KafkaNodeMain.class.getName()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), out);
  }

  private record Result(int code, String output) {}

  @Test
  void anUnknownOrMissingOptionIsOneLine() throws Exception {
    Result unknown = run("--colour", "red");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.output())
        .startsWith("kafka node: unknown or incomplete option '--colour'")
        .doesNotContain("\n");
    Result missing = run("--node-id", "1");
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.output()).startsWith("kafka node: missing --").doesNotContain("\n");
    Result notANumber =
        run(
            "--data-dir",
            "/tmp/x",
            "--node-id",
            "one",
            "--port",
            "1",
            "--controller-port",
            "2",
            "--voters",
            "1@h:2",
            "--cluster-id",
            "c",
            "--replicas",
            "1");
    assertThat(notANumber.code()).isEqualTo(2);
    assertThat(notANumber.output())
        .startsWith("kafka node: --node-id takes a number, got 'one'")
        .doesNotContain("\n");
  }
}
