package io.compozy.infra.embedded;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/** The Testcontainers flavour of the three servers; used only when a Docker engine answers. */
final class Containers implements AutoCloseable {
  private final PostgreSQLContainer postgres =
      new PostgreSQLContainer(DockerImageName.parse("postgres:17-alpine"));
  private final KafkaContainer kafka =
      new KafkaContainer(DockerImageName.parse("apache/kafka-native:4.1.1"));
  private final GenericContainer<?> redis =
      new GenericContainer<>(DockerImageName.parse("redis:7-alpine")).withExposedPorts(6379);

  static boolean isDockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  Containers start() {
    kafka.withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
    postgres.start();
    kafka.start();
    redis.start();
    return this;
  }

  String kafkaBootstrap() {
    return kafka.getBootstrapServers();
  }

  String postgresHost() {
    return postgres.getHost();
  }

  int postgresPort() {
    return postgres.getMappedPort(5432);
  }

  String postgresDatabase() {
    return postgres.getDatabaseName();
  }

  String postgresUser() {
    return postgres.getUsername();
  }

  String postgresPassword() {
    return postgres.getPassword();
  }

  String redisHost() {
    return redis.getHost();
  }

  int redisPort() {
    return redis.getMappedPort(6379);
  }

  void pausePostgres() {
    postgres.getDockerClient().pauseContainerCmd(postgres.getContainerId()).exec();
  }

  void unpausePostgres() {
    postgres.getDockerClient().unpauseContainerCmd(postgres.getContainerId()).exec();
  }

  @Override
  public void close() {
    redis.stop();
    kafka.stop();
    postgres.stop();
  }
}
