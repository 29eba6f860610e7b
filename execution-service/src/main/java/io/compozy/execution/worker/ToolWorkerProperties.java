package io.compozy.execution.worker;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.validation.annotation.Validated;

/** {@code compozy.execution.tools}: how script tools run. */
@Validated
@ConfigurationProperties("compozy.execution.tools")
public record ToolWorkerProperties(
    String nodeCommand,
    Duration timeout,
    Duration startTimeout,
    Integer workers,
    Integer memoryMb,
    String bunCommand) {
  /**
   * Node.js, a 5 min call limit, 20 s to start, 2 warm processes per entrypoint of 256 MB heap
   * each.
   */
  public ToolWorkerProperties(String nodeCommand, Duration timeout, Duration startTimeout) {
    this(nodeCommand, timeout, startTimeout, null, null, null);
  }

  @ConstructorBinding
  public ToolWorkerProperties {
    workers = workers == null || workers < 1 ? 2 : workers;
    memoryMb = memoryMb == null || memoryMb < 16 ? 256 : memoryMb;
    nodeCommand = nodeCommand == null ? "node" : nodeCommand;
    // runtime.type: bun runs tools with Bun: a path, or a name looked up on the PATH and then in
    // the
    // project's node_modules (npm install @oven/bun-linux-x64)
    bunCommand = bunCommand == null ? "bun" : bunCommand;
    timeout = timeout == null ? Duration.ofMinutes(5) : timeout;
    startTimeout = startTimeout == null ? Duration.ofSeconds(20) : startTimeout;
  }
}
