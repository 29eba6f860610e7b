package io.compozy.infra.embedded;

import java.util.LinkedHashMap;
import java.util.Map;

/** Where the three servers answer, and the Spring properties that point a service at them. */
public record Endpoints(
    String kafkaBootstrap,
    String postgresHost,
    int postgresPort,
    String postgresDatabase,
    String postgresUser,
    String postgresPassword,
    String redisHost,
    int redisPort,
    String redisPassword) {

  public String r2dbcUrl() {
    return "r2dbc:postgresql://" + postgresHost + ":" + postgresPort + "/" + postgresDatabase;
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + postgresHost + ":" + postgresPort + "/" + postgresDatabase;
  }

  public Map<String, Object> springProperties() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("spring.kafka.bootstrap-servers", kafkaBootstrap);
    p.put("spring.r2dbc.url", r2dbcUrl());
    p.put("spring.r2dbc.username", postgresUser);
    p.put("spring.r2dbc.password", postgresPassword);
    p.put("spring.flyway.url", jdbcUrl());
    p.put("spring.flyway.user", postgresUser);
    p.put("spring.flyway.password", postgresPassword);
    p.put("spring.data.redis.host", redisHost);
    p.put("spring.data.redis.port", redisPort);
    if (!redisPassword.isEmpty()) {
      p.put("spring.data.redis.password", redisPassword);
    }
    return p;
  }

  /**
   * Where the servers are, for a ready line: "Kafka 127.0.0.1:9092, Postgres
   * 127.0.0.1:5432/postgres, Redis 127.0.0.1:6379".
   */
  public String describe() {
    return "Kafka "
        + kafkaBootstrap
        + ", Postgres "
        + postgresHost
        + ":"
        + postgresPort
        + "/"
        + postgresDatabase
        + ", Redis "
        + redisHost
        + ":"
        + redisPort;
  }

  /**
   * The {@code COMPOZY_*} environment variables that point a service process at these servers
   * (passwords included: an environment, unlike a command line, is not shown to other users).
   */
  public Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("COMPOZY_KAFKA_BOOTSTRAP", kafkaBootstrap);
    env.put("COMPOZY_POSTGRES_HOST", postgresHost);
    env.put("COMPOZY_POSTGRES_PORT", Integer.toString(postgresPort));
    env.put("COMPOZY_POSTGRES_DB", postgresDatabase);
    env.put("COMPOZY_POSTGRES_USER", postgresUser);
    env.put("COMPOZY_POSTGRES_PASSWORD", postgresPassword);
    env.put("COMPOZY_REDIS_HOST", redisHost);
    env.put("COMPOZY_REDIS_PORT", Integer.toString(redisPort));
    env.put("COMPOZY_REDIS_PASSWORD", redisPassword);
    return env;
  }
}
