package io.compozy.execution.worker;

import io.compozy.contracts.message.StepError;
import io.compozy.contracts.message.ToolStep;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Runs script tools in Node.js: one long-lived process per tools entrypoint, started on first use
 * and restarted if it dies. A call that outlives its deadline fails as {@code tool_timeout}.
 */
@Component
public class NodeToolRunner implements DisposableBean {
  private final ToolWorkerProperties properties;
  private final Path runner;
  private final Map<Path, NodeToolProcess> processes = new ConcurrentHashMap<>();

  public NodeToolRunner(ToolWorkerProperties properties) {
    this.properties = properties;
    this.runner = extractRunner();
  }

  public CompletableFuture<ToolOutcome> run(ToolStep step, Instant now) {
    if (step.runtime() == null) {
      return CompletableFuture.completedFuture(new ToolOutcome.Failed(
          new StepError("tool_runtime_missing", "the project declares no runtime entrypoint for script tools"), false));
    }
    Path entrypoint = Path.of(step.runtime().entrypoint());
    if (!Files.isRegularFile(entrypoint)) {
      return CompletableFuture.completedFuture(new ToolOutcome.Failed(
          new StepError("tool_runtime_missing", "tools entrypoint " + entrypoint + " does not exist"), false));
    }
    NodeToolProcess process;
    try {
      process = process(entrypoint);
    } catch (Exception e) {
      return CompletableFuture.completedFuture(new ToolOutcome.Failed(new StepError("tool_runtime_error", e.getMessage()), true));
    }
    long budget = Math.max(1, Math.min(properties.timeout().toMillis(), Duration.between(now, step.deadline()).toMillis()));
    return process.call(step.toolId(), step.input(), step.config())
        .orTimeout(budget, TimeUnit.MILLISECONDS)
        .exceptionally(e -> e instanceof TimeoutException || e.getCause() instanceof TimeoutException
            ? new ToolOutcome.Failed(new StepError("tool_timeout", "tool '" + step.toolId() + "' ran longer than " + budget + " ms"), true)
            : new ToolOutcome.Failed(new StepError("tool_runtime_error", String.valueOf(e.getMessage())), true));
  }

  private NodeToolProcess process(Path entrypoint) throws Exception {
    NodeToolProcess p = processes.get(entrypoint);
    if (p != null && p.isAlive()) {
      return p;
    }
    synchronized (processes) {
      p = processes.get(entrypoint);
      if (p == null || !p.isAlive()) {
        p = new NodeToolProcess(properties.nodeCommand(), runner, entrypoint);
        try {
          p.awaitReady(properties.startTimeout().toMillis());
        } catch (Exception e) {
          p.close();
          throw new IllegalStateException("cannot start tools " + entrypoint + ": " + rootMessage(e), e);
        }
        processes.put(entrypoint, p);
      }
      return p;
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage();
  }

  private static Path extractRunner() {
    try (InputStream in = NodeToolRunner.class.getResourceAsStream("/worker/tool-runner.mjs")) {
      Path file = Files.createTempFile("compozy-tool-runner", ".mjs");
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      file.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("tool-runner.mjs is part of the execution service", e);
    }
  }

  @Override
  public void destroy() {
    processes.values().forEach(NodeToolProcess::close);
  }
}
