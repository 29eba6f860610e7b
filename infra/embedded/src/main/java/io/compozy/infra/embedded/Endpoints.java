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
}
