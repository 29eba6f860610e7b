package io.compozy.registry;

import io.compozy.infra.embedded.ServiceContractTest;
import java.util.List;
import java.util.Set;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RegistryServiceIntegrationTest extends ServiceContractTest {
  RegistryServiceIntegrationTest() {
    super("registry", Set.of("compozy.resources"), List.of("r2dbc", "redis", "kafka"));
  }
}
