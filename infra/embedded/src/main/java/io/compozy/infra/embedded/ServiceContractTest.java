package io.compozy.infra.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What every service must do on the real servers: boot with its migrations applied and its topics
 * declared, answer liveness, readiness (with each dependency) and Prometheus, and report readiness
 * DOWN while Postgres is stopped. A service's test extends this with {@code @SpringBootTest(webEnvironment = RANDOM_PORT)}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class ServiceContractTest {
  private final String schema;
  private final Set<String> topics;
  private final List<String> readinessComponents;

  @LocalServerPort protected int port;

  protected ServiceContractTest(String schema, Set<String> topics, List<String> readinessComponents) {
    this.schema = schema;
    this.topics = topics;
    this.readinessComponents = readinessComponents;
  }

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    TestInfrastructure.register(registry);
  }

  @Test
  @Order(1)
  void bootsWithItsMigrationsTopicsAndReadiness() throws Exception {
    ServiceProbe probe = new ServiceProbe(TestInfrastructure.shared());
    assertThat(probe.appliedMigrations(schema)).contains("1");
    assertThat(probe.topicPartitions(topics)).containsOnlyKeys(topics)
        .allSatisfy((name, partitions) -> assertThat(partitions).isEqualTo(12));
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      var ready = ServiceProbe.get(port, "/actuator/health/readiness");
      assertThat(ready.statusCode()).isEqualTo(200);
      for (String component : readinessComponents) {
        assertThat(ready.body()).contains("\"" + component + "\":{");
      }
    });
    assertThat(ServiceProbe.get(port, "/actuator/health/liveness").statusCode()).isEqualTo(200);
    assertThat(ServiceProbe.get(port, "/actuator/prometheus").body()).contains("jvm_memory_used_bytes");
  }

  @Test
  @Order(Integer.MAX_VALUE)
  void readinessGoesDownWhilePostgresIsStopped() throws Exception {
    Infrastructure infra = TestInfrastructure.shared();
    org.junit.jupiter.api.Assumptions.assumeTrue(infra.canStopPostgres(), "Postgres is external");
    infra.stopPostgres();
    try {
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        var ready = ServiceProbe.get(port, "/actuator/health/readiness");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).contains("\"r2dbc\":{").contains("DOWN");
      });
    } finally {
      infra.startPostgres();
    }
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(ServiceProbe.get(port, "/actuator/health/readiness").statusCode()).isEqualTo(200));
  }
}
