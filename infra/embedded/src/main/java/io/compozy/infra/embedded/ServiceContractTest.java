package io.compozy.infra.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.compozy.support.security.Caller;
import io.compozy.support.security.InternalTokens;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;
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
 * DOWN while Postgres is stopped. A service's test extends this with
 * {@code @SpringBootTest(webEnvironment = RANDOM_PORT)}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class ServiceContractTest {
  private final String schema;
  private final Set<String> topics;
  private final List<String> readinessComponents;
  private final @Nullable String apiPath;

  @LocalServerPort protected int port;

  protected ServiceContractTest(
      String schema, Set<String> topics, List<String> readinessComponents) {
    this(schema, topics, readinessComponents, null);
  }

  /**
   * {@code apiPath}: a GET of the service's API that only a caller with a valid service token may
   * make.
   */
  protected ServiceContractTest(
      String schema,
      Set<String> topics,
      List<String> readinessComponents,
      @Nullable String apiPath) {
    this.schema = schema;
    this.topics = topics;
    this.readinessComponents = readinessComponents;
    this.apiPath = apiPath;
  }

  /**
   * Behind the gateway, a service trusts no header: a call without a valid service token (none and
   * forged identity headers, expired, tampered, signed with another secret, unsigned) is a 401
   * problem; the same call with a valid one is served.
   */
  @Test
  @Order(2)
  void refusesEveryCallWithoutAValidServiceToken() throws Exception {
    Assumptions.assumeTrue(apiPath != null, "the gateway is the door: it checks API keys");
    String valid = TestInfrastructure.bearer("usr_someone").substring("Bearer ".length());
    String[] parts = valid.split("\\.");
    String forgedClaims =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                    .replace("usr_someone", "usr_admin")
                    .getBytes(StandardCharsets.UTF_8));
    String unsignedHeader =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
    var refused = new LinkedHashMap<String, String[]>();
    refused.put(
        "no token, forged identity headers",
        new String[] {"X-Compozy-User-Id", "usr_admin", "X-Compozy-Role", "admin"});
    refused.put(
        "an API key instead of a token",
        new String[] {"Authorization", "Bearer cpzy_AdminKeyForTestsAdminKeyForTestsAdminKeyFor"});
    refused.put(
        "expired",
        new String[] {
          "Authorization",
          "Bearer "
              + InternalTokens.of(
                      TestInfrastructure.INTERNAL_SECRET,
                      Duration.ofSeconds(10),
                      Clock.offset(Clock.systemUTC(), Duration.ofSeconds(-30)))
                  .sign(new Caller("usr_someone", null, "admin", null, "gateway"))
        });
    refused.put(
        "tampered",
        new String[] {"Authorization", "Bearer " + parts[0] + "." + forgedClaims + "." + parts[2]});
    refused.put(
        "another secret",
        new String[] {
          "Authorization",
          "Bearer "
              + InternalTokens.of(
                      "another-platform-secret-another-platform-secret", Duration.ofSeconds(10))
                  .sign(new Caller("usr_someone", null, "admin", null, "gateway"))
        });
    refused.put(
        "unsigned",
        new String[] {"Authorization", "Bearer " + unsignedHeader + "." + parts[1] + "."});
    for (var c : refused.entrySet()) {
      var r = ServiceProbe.get(port, apiPath, c.getValue());
      assertThat(r.statusCode()).as(c.getKey() + ": " + r.body()).isEqualTo(401);
      assertThat(r.headers().firstValue("Content-Type"))
          .as(c.getKey())
          .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    }
    assertThat(ServiceProbe.get(port, apiPath, "Authorization", "Bearer " + valid).statusCode())
        .isNotEqualTo(401);
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
    assertThat(probe.topicPartitions(topics))
        .containsOnlyKeys(topics)
        .allSatisfy((name, partitions) -> assertThat(partitions).isEqualTo(12));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              var ready = ServiceProbe.get(port, "/actuator/health/readiness");
              assertThat(ready.statusCode()).isEqualTo(200);
              for (String component : readinessComponents) {
                assertThat(ready.body()).contains("\"" + component + "\":{");
              }
            });
    assertThat(ServiceProbe.get(port, "/actuator/health/liveness").statusCode()).isEqualTo(200);
    assertThat(ServiceProbe.get(port, "/actuator/prometheus").body())
        .contains("jvm_memory_used_bytes");
  }

  @Test
  @Order(Integer.MAX_VALUE)
  void readinessGoesDownWhilePostgresIsStopped() throws Exception {
    Infrastructure infra = TestInfrastructure.shared();
    Assumptions.assumeTrue(infra.canStopPostgres(), "Postgres is external");
    infra.stopPostgres();
    try {
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                var ready = ServiceProbe.get(port, "/actuator/health/readiness");
                assertThat(ready.statusCode()).isEqualTo(503);
                assertThat(ready.body()).contains("\"r2dbc\":{").contains("DOWN");
              });
    } finally {
      infra.startPostgres();
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(ServiceProbe.get(port, "/actuator/health/readiness").statusCode())
                    .isEqualTo(200));
  }
}
