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
 * A real Kafka node in KRaft combined mode (broker and controller), in this JVM: alone, or one of a
 * quorum of several ({@link KafkaNodeMain} runs each in its own process). Its log directory is
 * formatted on first start and kept, so a restart on the same directory keeps every topic.
 */
public final class KafkaBroker implements AutoCloseable {
  private final Path dataDir;
  private final int nodeId;
  private final int port;
  private final int controllerPort;

  /** {@code controller.quorum.voters}: {@code 1@127.0.0.1:9093,...}; null: this node alone. */
  private final String voters;

  /** Shared by every node of a quorum; null: a new one at first format. */
  private final String clusterId;

  /** Replicas of every topic (internal ones too); min.insync.replicas is one less (at least 1). */
  private final int replicas;

  private KafkaRaftServer server;

  public KafkaBroker(Path dataDir, int port, int controllerPort) {
    this(dataDir, 1, port, controllerPort, null, null, 1);
  }

  public KafkaBroker(
      Path dataDir,
      int nodeId,
      int port,
      int controllerPort,
      String voters,
      String clusterId,
      int replicas) {
    this.dataDir = dataDir;
    this.nodeId = nodeId;
    this.port = Ports.freeOr(port);
    this.controllerPort = Ports.freeOr(controllerPort);
    this.voters = voters;
    this.clusterId = clusterId;
    this.replicas = replicas;
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
      rc =
          StorageTool.execute(
              new String[] {
                "format",
                "-t",
                clusterId != null ? clusterId : Uuid.randomUuid().toString(),
                "-c",
                config.toString(),
                "--ignore-formatted"
              },
              out);
    }
    if (rc != 0) {
      throw new IllegalStateException(
          "formatting Kafka storage failed: " + log.toString(StandardCharsets.UTF_8));
    }
  }

  private Properties properties() {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", Integer.toString(nodeId));
    p.put(
        "controller.quorum.voters",
        voters != null ? voters : nodeId + "@127.0.0.1:" + controllerPort);
    p.put(
        "listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", dataDir.resolve("logs").toString());
    // with three nodes: every record on three, a write acknowledged (acks=all) once on two, so
    // one node can die without losing an acknowledged record or refusing writes
    String minIsr = Integer.toString(Math.max(1, replicas - 1));
    p.put("default.replication.factor", Integer.toString(replicas));
    p.put("min.insync.replicas", minIsr);
    p.put("offsets.topic.replication.factor", Integer.toString(replicas));
    p.put("offsets.topic.num.partitions", "12");
    p.put("transaction.state.log.replication.factor", Integer.toString(replicas));
    p.put("transaction.state.log.min.isr", minIsr);
    p.put("transaction.state.log.num.partitions", "4");
    p.put("group.initial.rebalance.delay.ms", "0");
    // topics are declared by the services with their partitions and cleanup policy; never guessed
    p.put("auto.create.topics.enable", "false");
    p.put("num.partitions", "1");
    p.put("log.cleaner.backoff.ms", "5000");
    if (voters != null) {
      // a dead node is fenced, and its partitions get new leaders, after 4 s without a heartbeat
      // (Kafka's 9 s stalled producers that long); the nodes share one machine, pauses are short
      p.put("broker.session.timeout.ms", "4000");
      p.put("broker.heartbeat.interval.ms", "1000");
    }
    return p;
  }

  public int port() {
    return port;
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
