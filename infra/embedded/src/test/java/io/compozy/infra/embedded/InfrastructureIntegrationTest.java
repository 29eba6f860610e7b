package io.compozy.infra.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InfrastructureIntegrationTest {
  @TempDir static Path dir;
  static Infrastructure infra;

  @BeforeAll
  static void start() {
    infra =
        Infrastructure.start(
            new Infrastructure.Plan(dir, 0, 0, 0, 0, true), InfraMode.EMBEDDED, Map.of());
  }

  @AfterAll
  static void stop() {
    infra.close();
  }

  @Test
  void kafkaAcceptsAndDeliversARecord() throws Exception {
    String bootstrap = infra.endpoints().kafkaBootstrap();
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin.createTopics(List.of(new NewTopic("probe", 3, (short) 1))).all().get();
    }
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (var producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>("probe", "k", "hello")).get();
    }
    Properties c = new Properties();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    c.put(ConsumerConfig.GROUP_ID_CONFIG, "probe");
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (var consumer =
        new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of("probe"));
      String value = null;
      long deadline = System.currentTimeMillis() + 20_000;
      while (value == null && System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          value = r.value();
        }
      }
      assertThat(value).isEqualTo("hello");
    }
  }

  @Test
  void postgresKeepsDataAcrossAStopAndStart() throws Exception {
    try (Connection conn = connect()) {
      conn.createStatement()
          .execute(
              "create schema if not exists probe; create table if not exists probe.t(v text);"
                  + " insert into probe.t values ('kept')");
    }
    infra.stopPostgres();
    assertThatThrownBy(this::connect).isInstanceOf(SQLException.class);
    infra.startPostgres();
    try (Connection conn = connect();
        ResultSet rs = conn.createStatement().executeQuery("select v from probe.t")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("kept");
    }
  }

  @Test
  void persistentPostgresCommitsOnlyOnceTheWalIsOnDisk() throws Exception {
    try (Connection conn = connect();
        ResultSet rs = conn.createStatement().executeQuery("show synchronous_commit")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("on");
    }
  }

  @Test
  void anEphemeralPlansDataIsGoneOnceItsServersStop(@TempDir Path parent) throws Exception {
    Path data = parent.resolve("ephemeral");
    try (Infrastructure ephemeral =
        Infrastructure.start(Infrastructure.Plan.ephemeral(data), InfraMode.EMBEDDED, Map.of())) {
      Endpoints e = ephemeral.endpoints();
      try (Connection conn =
              DriverManager.getConnection(e.jdbcUrl(), e.postgresUser(), e.postgresPassword());
          ResultSet rs = conn.createStatement().executeQuery("show synchronous_commit")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("off"); // throwaway data: no wait for the disk
      }
      assertThat(data.resolve("postgres")).isDirectory();
    }
    assertThat(data).doesNotExist();
  }

  @Test
  void redisAnswersPingOnlyAfterItsPassword() throws Exception {
    Endpoints e = infra.endpoints();
    assertThat(LeftoverServersTest.ping(e.redisHost(), e.redisPort(), e.redisPassword()))
        .isEqualTo("+PONG");
    assertThat(LeftoverServersTest.ping(e.redisHost(), e.redisPort(), "")).startsWith("-NOAUTH");
    assertThat(LeftoverServersTest.ping(e.redisHost(), e.redisPort(), "guess"))
        .startsWith("-NOAUTH");
  }

  @Test
  void postgresRefusesALocalUserWithoutThePassword() throws Exception {
    Endpoints e = infra.endpoints();
    for (String password : new String[] {"", "guess"}) {
      Assertions.assertThatThrownBy(
              () -> DriverManager.getConnection(e.jdbcUrl(), e.postgresUser(), password).close())
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("password");
    }
    assertThat(e.postgresPassword()).hasSizeGreaterThanOrEqualTo(32);
  }

  @Test
  void thePasswordsAreRandomAndReadableByTheOwnerOnly() throws Exception {
    for (String server : new String[] {"postgres", "redis"}) {
      Path file = dir.resolve(server + ".password");
      assertThat(Files.getPosixFilePermissions(file))
          .containsExactlyInAnyOrder(
              PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }
    assertThat(infra.endpoints().redisPassword())
        .isNotEqualTo(infra.endpoints().postgresPassword())
        .hasSizeGreaterThanOrEqualTo(32);
  }

  private Connection connect() throws SQLException {
    Endpoints e = infra.endpoints();
    return DriverManager.getConnection(e.jdbcUrl(), e.postgresUser(), e.postgresPassword());
  }
}
