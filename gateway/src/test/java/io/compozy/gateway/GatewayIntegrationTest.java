package io.compozy.gateway;

import io.compozy.infra.embedded.ServiceContractTest;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Order;
import org.springframework.boot.test.context.SpringBootTest;

// last: it stops Postgres, which leaves the other tests' pooled connections stale
@Order(Integer.MAX_VALUE)
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"compozy.gateway.auth.key-secret=test-secret-test-secret-test-secret-0123"})
class GatewayIntegrationTest extends ServiceContractTest {
  GatewayIntegrationTest() {
    super("auth", Set.of(), List.of("r2dbc", "rateLimiter"));
  }
}
