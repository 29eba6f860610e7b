package io.compozy.scheduler;

import io.compozy.infra.embedded.ServiceContractTest;
import java.util.List;
import java.util.Set;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SchedulerServiceIntegrationTest extends ServiceContractTest {
  SchedulerServiceIntegrationTest() {
    super("scheduler", Set.of("compozy.timers", "compozy.events", "compozy.commands"), List.of("r2dbc", "redis", "kafka"));
  }
}
