package io.compozy.registry;

import io.compozy.infra.embedded.ServiceContractTest;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Order;
import org.springframework.boot.test.context.SpringBootTest;

// last: it stops Postgres, which leaves the other tests' pooled connections stale
@Order(Integer.MAX_VALUE)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RegistryServiceIntegrationTest extends ServiceContractTest {
  RegistryServiceIntegrationTest() {
    super(
        "registry",
        Set.of("compozy.resources"),
        List.of("r2dbc", "redis", "kafka"),
        "/api/v0/workflows");
  }
}
