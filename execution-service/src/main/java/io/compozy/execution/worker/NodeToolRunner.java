package io.compozy.execution.worker;

import io.compozy.contracts.message.StepError;
import io.compozy.contracts.message.ToolStep;
import io.compozy.support.tracing.TraceSpans;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Runs script tools in Node.js: a pool of warm, long-lived processes per tools entrypoint ({@code
 * workers}, each capped at {@code memory-mb} of heap), started on first use. A call goes to the
 * process with the fewest calls in flight; a process that died is replaced; a call that outlives
 * its deadline fails as {@code tool_timeout} and its process is replaced (it may be stuck in a loop
 * that would block every later call).
 */
@Component
public class NodeToolRunner implements DisposableBean {
  private final ToolWorkerProperties properties;
  private final Path runner;
  private final Map<Path, NodeToolProcess[]> pools = new ConcurrentHashMap<>();

  private final TraceSpans spans;

  /** Untraced: for tests of the runner alone. */
  public NodeToolRunner(ToolWorkerProperties properties) {
    this(properties, TraceSpans.none());
  }

  @Autowired
  public NodeToolRunner(ToolWorkerProperties properties, TraceSpans spans) {
    this.properties = properties;
    this.spans = spans;
    this.runner = extractRunner();
  }

  public CompletableFuture<ToolOutcome> run(ToolStep step, Instant now) {
    if (step.runtime() == null) {
      return CompletableFuture.completedFuture(
          new ToolOutcome.Failed(
              new StepError(
                  "tool_runtime_missing",
                  "the project declares no runtime entrypoint for script tools"),
              false));
    }
    Path entrypoint = Path.of(step.runtime().entrypoint());
    if (!Files.isRegularFile(entrypoint)) {
      return CompletableFuture.completedFuture(
          new ToolOutcome.Failed(
              new StepError(
                  "tool_runtime_missing", "tools entrypoint " + entrypoint + " does not exist"),
              false));
    }
    String type = step.runtime().type() == null ? "node" : step.runtime().type();
    if (!type.equals("node") && !type.equals("bun")) {
      return CompletableFuture.completedFuture(
          new ToolOutcome.Failed(
              new StepError(
                  "tool_runtime_missing",
                  "runtime type '" + type + "' is not supported: node or bun"),
              false));
    }
    NodeToolProcess process;
    try {
      process = process(entrypoint, type, step.runtime().permissions());
    } catch (Exception e) {
      return CompletableFuture.completedFuture(
          new ToolOutcome.Failed(new StepError("tool_runtime_error", e.getMessage()), true));
    }
    long budget =
        Math.max(
            1,
            Math.min(
                properties.timeout().toMillis(),
                Duration.between(now, step.deadline()).toMillis()));
    // the caller's span is current here (a tool step's, an agent's): the run inside Node is its
    // child
    String traceparent = spans.currentTraceparent();
    NodeToolProcess.RunTimed timed =
        (started, ended) ->
            spans.recorded(
                "node " + step.toolId(),
                traceparent,
                started,
                ended,
                Map.of(
                    "exec_id",
                    step.execId(),
                    "task_id",
                    step.taskId(),
                    "tool",
                    step.toolId(),
                    "runtime",
                    type));
    return process
        .call(step.toolId(), step.input(), step.config(), traceparent, timed)
        .orTimeout(budget, TimeUnit.MILLISECONDS)
        .exceptionally(
            e -> {
              if (e instanceof TimeoutException || e.getCause() instanceof TimeoutException) {
                retire(poolKey(entrypoint, type, step.runtime().permissions()), process);
                return new ToolOutcome.Failed(
                    new StepError(
                        "tool_timeout",
                        "tool '" + step.toolId() + "' ran longer than " + budget + " ms"),
                    true);
              }
              return new ToolOutcome.Failed(
                  new StepError("tool_runtime_error", String.valueOf(e.getMessage())), true);
            });
  }

  private NodeToolProcess process(Path entrypoint, String type, @Nullable List<String> permissions)
      throws Exception {
    NodeToolProcess[] pool =
        pools.computeIfAbsent(
            poolKey(entrypoint, type, permissions), k -> new NodeToolProcess[properties.workers()]);
    synchronized (pool) {
      NodeToolProcess best = null;
      int empty = -1;
      for (int i = 0; i < pool.length; i++) {
        NodeToolProcess p = pool[i];
        if (p == null || !p.isAlive()) {
          empty = empty < 0 ? i : empty; // never started, or died: replaced below when needed
        } else if (best == null || p.load() < best.load()) {
          best = p;
        }
      }
      if (best != null && (best.load() == 0 || empty < 0)) {
        return best;
      }
      int bestSlot = empty;
      NodeToolProcess started =
          type.equals("bun")
              ? new NodeToolProcess(
                  NodeToolProcess.bunCommand(bun(entrypoint), runner, entrypoint), entrypoint)
              : new NodeToolProcess(
                  NodeToolProcess.nodeCommand(
                      properties.nodeCommand(),
                      properties.memoryMb(),
                      runner,
                      entrypoint,
                      permissions,
                      nodeMajor()),
                  entrypoint);
      try {
        started.awaitReady(properties.startTimeout().toMillis());
      } catch (Exception e) {
        started.close();
        String hint =
            type.equals("node")
                    && NodeToolProcess.isTypeScript(entrypoint)
                    && (String.valueOf(rootMessage(e)).contains("tsx")
                        || String.valueOf(rootMessage(e)).contains("ERR_MODULE_NOT_FOUND"))
                ? " (TypeScript tools run with the project's tsx: npm install --save-dev tsx in "
                    + entrypoint.getParent()
                    + ")"
                : "";
        throw new IllegalStateException(
            "cannot start tools " + entrypoint + ": " + rootMessage(e) + hint, e);
      }
      pool[bestSlot] = started;
      return started;
    }
  }

  /**
   * The Bun to run: the configured path, else the configured name on the PATH, else the project's
   * own (node_modules/.bin/bun, or the binary of the npm package @oven/bun-linux-x64).
   */
  String bun(Path entrypoint) {
    String configured = properties.bunCommand();
    Path direct = Path.of(configured);
    if (direct.isAbsolute() && Files.isExecutable(direct)) {
      return configured;
    }
    for (String dir : String.valueOf(System.getenv("PATH")).split(File.pathSeparator)) {
      if (!dir.isBlank() && Files.isExecutable(Path.of(dir, configured))) {
        return Path.of(dir, configured).toString();
      }
    }
    for (Path dir = entrypoint.getParent(); dir != null; dir = dir.getParent()) {
      for (String candidate :
          List.of(
              "node_modules/.bin/bun",
              "node_modules/@oven/bun-linux-x64/bin/bun",
              "node_modules/@oven/bun-linux-x64-baseline/bin/bun",
              "node_modules/@oven/bun-linux-aarch64/bin/bun")) {
        Path bin = dir.resolve(candidate);
        if (Files.isExecutable(bin)) {
          return bin.toString();
        }
      }
    }
    throw new IllegalStateException(
        "runtime type bun: Bun was not found (put bun on the PATH, set"
            + " compozy.execution.tools.bun-command, or run npm install @oven/bun-linux-x64 in "
            + entrypoint.getParent()
            + ")");
  }

  /** Processes differ by entrypoint, runtime and permissions. */
  private static Path poolKey(Path entrypoint, String type, @Nullable List<String> permissions) {
    return entrypoint.resolve(
        "#"
            + type
            + "#"
            + (permissions == null ? "-" : Integer.toHexString(permissions.hashCode())));
  }

  private volatile int nodeMajor = -1;

  /**
   * The major version of the configured Node (the permission flag is spelt differently before 22).
   */
  int nodeMajor() {
    if (nodeMajor < 0) {
      try {
        Process p =
            new ProcessBuilder(properties.nodeCommand(), "--version")
                .redirectErrorStream(true)
                .start();
        String version =
            new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor(10, TimeUnit.SECONDS);
        nodeMajor = Integer.parseInt(version.replaceFirst("^v", "").split("\\.")[0]);
      } catch (Exception e) {
        nodeMajor = 20;
      }
    }
    return nodeMajor;
  }

  /** Replaces a process that let a call time out; its other calls fail as retryable. */
  private void retire(Path poolKey, NodeToolProcess process) {
    NodeToolProcess[] pool = pools.get(poolKey);
    if (pool != null) {
      synchronized (pool) {
        for (int i = 0; i < pool.length; i++) {
          if (pool[i] == process) {
            pool[i] = null;
          }
        }
      }
    }
    process.close();
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
    pools
        .values()
        .forEach(
            pool -> {
              synchronized (pool) {
                Arrays.stream(pool).filter(Objects::nonNull).forEach(NodeToolProcess::close);
              }
            });
  }
}
