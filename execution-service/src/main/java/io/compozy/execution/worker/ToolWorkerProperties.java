package io.compozy.execution.worker;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** {@code compozy.execution.tools}: how script tools run. */
@Validated
@ConfigurationProperties("compozy.execution.tools")
public record ToolWorkerProperties(String nodeCommand, Duration timeout, Duration startTimeout) {
  public ToolWorkerProperties {
    nodeCommand = nodeCommand == null ? "node" : nodeCommand;
    timeout = timeout == null ? Duration.ofMinutes(5) : timeout;
    startTimeout = startTimeout == null ? Duration.ofSeconds(20) : startTimeout;
  }
}
