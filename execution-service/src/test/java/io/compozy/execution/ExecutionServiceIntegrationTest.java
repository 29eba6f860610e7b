package io.compozy.execution;

import io.compozy.infra.embedded.ServiceContractTest;
import java.util.List;
import java.util.Set;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ExecutionServiceIntegrationTest extends ServiceContractTest {
  ExecutionServiceIntegrationTest() {
    super("engine", Set.of("compozy.commands", "compozy.steps.tool", "compozy.step-results", "compozy.resources"), List.of("r2dbc", "redis", "kafka", "catalog"));
  }
}
