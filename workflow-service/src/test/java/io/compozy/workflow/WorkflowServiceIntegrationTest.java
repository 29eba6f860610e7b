package io.compozy.workflow;

import io.compozy.infra.embedded.ServiceContractTest;
import java.util.List;
import java.util.Set;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WorkflowServiceIntegrationTest extends ServiceContractTest {
  WorkflowServiceIntegrationTest() {
    super("engine",
        Set.of("compozy.commands", "compozy.step-results", "compozy.steps.tool", "compozy.execution-events", "compozy.resources"),
        List.of("r2dbc", "redis", "kafka", "catalog"));
  }
}
