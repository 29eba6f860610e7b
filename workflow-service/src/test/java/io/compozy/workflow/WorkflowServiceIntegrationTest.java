package io.compozy.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.compozy.infra.embedded.ServiceProbe;
import io.compozy.infra.embedded.TestInfrastructure;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkflowServiceIntegrationTest {
  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    TestInfrastructure.register(registry);
  }

  @LocalServerPort int port;
  final ServiceProbe probe = new ServiceProbe(TestInfrastructure.shared());

  @Test
  @Order(1)
  void bootsWithItsMigrationsTopicsAndReadiness() throws Exception {
    assertThat(probe.appliedMigrations("engine")).contains("1");
    assertThat(probe.topicPartitions(Set.of("compozy.commands", "compozy.step-results", "compozy.steps.tool", "compozy.execution-events")))
        .containsOnlyKeys("compozy.commands", "compozy.step-results", "compozy.steps.tool", "compozy.execution-events")
        .allSatisfy((name, partitions) -> assertThat(partitions).isEqualTo(12));
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      var ready = ServiceProbe.get(port, "/actuator/health/readiness");
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(ready.body()).contains("\"r2dbc\"", "\"redis\"", "\"kafka\"", "\"catalog\"");
    });
    assertThat(ServiceProbe.get(port, "/actuator/health/liveness").statusCode()).isEqualTo(200);
    assertThat(ServiceProbe.get(port, "/actuator/prometheus").body()).contains("jvm_memory_used_bytes");
  }

  @Test
  @Order(2)
  void readinessGoesDownWhilePostgresIsStopped() throws Exception {
    TestInfrastructure.shared().stopPostgres();
    try {
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        var ready = ServiceProbe.get(port, "/actuator/health/readiness");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).contains("DOWN");
      });
    } finally {
      TestInfrastructure.shared().startPostgres();
    }
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(ServiceProbe.get(port, "/actuator/health/readiness").statusCode()).isEqualTo(200));
  }
}
