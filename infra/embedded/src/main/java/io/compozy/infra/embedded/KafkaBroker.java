package io.compozy.infra.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Kafka broker in KRaft combined mode, in this JVM. Its log directory is
 * formatted on first start and kept, so a restart on the same directory keeps every topic.
 */
public final class KafkaBroker implements AutoCloseable {
  private final Path dataDir;
  private final int port;
  private final int controllerPort;
  private KafkaRaftServer server;

  public KafkaBroker(Path dataDir, int port, int controllerPort) {
    this.dataDir = dataDir;
    this.port = Ports.freeOr(port);
    this.controllerPort = Ports.freeOr(controllerPort);
  }

  public KafkaBroker start() {
    try {
      Files.createDirectories(dataDir);
      Path config = dataDir.resolve("server.properties");
      Properties props = properties();
      try (var out = Files.newOutputStream(config)) {
        props.store(out, "compozy embedded broker");
      }
      if (!Files.exists(dataDir.resolve("logs").resolve("meta.properties"))) {
        format(config);
      }
      server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
      server.startup();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start Kafka in " + dataDir, e);
    }
  }

  private void format(Path config) {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    int rc;
    try (PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8)) {
      rc = StorageTool.execute(
          new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", config.toString(), "--ignore-formatted"},
          out);
    }
    if (rc != 0) {
      throw new IllegalStateException("formatting Kafka storage failed: " + log.toString(StandardCharsets.UTF_8));
    }
  }

  private Properties properties() {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", dataDir.resolve("logs").toString());
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "12");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "4");
    p.put("group.initial.rebalance.delay.ms", "0");
    // topics are declared by the services with their partitions and cleanup policy; never guessed
    p.put("auto.create.topics.enable", "false");
    p.put("num.partitions", "1");
    p.put("log.cleaner.backoff.ms", "5000");
    return p;
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  @Override
  public void close() {
    if (server != null) {
      server.shutdown();
      server.awaitShutdown();
      server = null;
    }
  }
}
