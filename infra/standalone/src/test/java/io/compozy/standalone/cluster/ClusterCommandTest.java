package io.compozy.standalone.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.compozy.infra.embedded.Ports;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input to bin/cluster gets one clear line and an exit code, never a stack trace. */
class ClusterCommandTest {
  @TempDir Path data;

  private record Outcome(int code, String err) {}

  private static Outcome run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = ClusterCommand.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Outcome(code, err.toString().strip());
  }

  private static void oneLine(Outcome o, int code, String text) {
    assertThat(o.code()).isEqualTo(code);
    assertThat(o.err()).isEqualTo(text);
    assertThat(o.err().lines()).hasSize(1);
  }

  @Test
  void aCountOutsideItsRangeIsRefused() {
    oneLine(
        run("--data-dir", data.toString(), "--workflow", "0"),
        2,
        "cluster: --workflow must be between 1 and 8, got 0 (bin/cluster --help lists the"
            + " options)");
    oneLine(
        run("--data-dir", data.toString(), "--gateway", "9"),
        2,
        "cluster: --gateway must be between 1 and 8, got 9 (bin/cluster --help lists the options)");
    oneLine(
        run("--data-dir", data.toString(), "--kafka-brokers", "2"),
        2,
        "cluster: --kafka-brokers must be 1 or 3, got 2 (bin/cluster --help lists the options)");
    oneLine(
        run("--data-dir", data.toString(), "--execution", "0", "--execution-api", "1"),
        2,
        "cluster: execution-service needs instances with the API and with the workers: --execution"
            + " N (both roles), or --execution-api N and --execution-workers N (bin/cluster --help"
            + " lists the options)");
  }

  @Test
  void anEmbeddedQuorumBesideAnExternalKafkaIsRefused() {
    StringWriter err = new StringWriter();
    int code =
        ClusterCommand.run(
            new String[] {"--data-dir", data.toString(), "--kafka-brokers", "3"},
            new PrintWriter(new StringWriter(), true),
            new PrintWriter(err, true),
            Map.of("COMPOZY_KAFKA_BOOTSTRAP", "kafka.example:9092"));
    oneLine(
        new Outcome(code, err.toString().strip()),
        2,
        "cluster: --kafka-brokers 3 runs Kafka here, but COMPOZY_KAFKA_BOOTSTRAP names an external"
            + " one (kafka.example:9092): unset it, or leave out --kafka-brokers (bin/cluster"
            + " --help lists the options)");
  }

  @Test
  void anUnknownOptionOrServiceIsRefused() {
    oneLine(
        run("--colour", "red"),
        2,
        "cluster: Unknown options: '--colour', 'red' (bin/cluster --help lists the options)");
    oneLine(
        run("--data-dir", data.toString(), "kill", "frontend#1"),
        1,
        "cluster: unknown service 'frontend': one of kafka, registry, workflow, execution,"
            + " execution-api, execution-workers, scheduler, gateway");
    oneLine(
        run("--data-dir", data.toString(), "start", "workflow"),
        1,
        "cluster: 'workflow' is not SERVICE#N (for example workflow#2)");
  }

  @Test
  void drillsWithoutARunningClusterSaySo() {
    oneLine(
        run("--data-dir", data.toString(), "status"),
        1,
        "cluster: no cluster runs with data in "
            + data
            + " (start one with bin/cluster, or name its --data-dir)");
  }

  @Test
  void aPortInUseIsRefusedBeforeAnythingStarts() throws Exception {
    int base = Ports.freeOr(0);
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(base));
      Outcome o = run("--data-dir", data.toString(), "--port", Integer.toString(base));
      assertThat(o.code()).isEqualTo(1);
      assertThat(o.err())
          .startsWith("cluster: port " + base + " for gateway#1 is in use")
          .doesNotContain("\n");
    }
  }
}
