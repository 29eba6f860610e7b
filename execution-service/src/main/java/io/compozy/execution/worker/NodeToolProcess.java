package io.compozy.execution.worker;

import io.compozy.contracts.json.Json;
import io.compozy.contracts.message.StepError;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Node.js process hosting a project's tools entrypoint, speaking JSON lines (see
 * tool-runner.mjs). Calls run concurrently; a dead process fails its pending calls as retryable.
 */
final class NodeToolProcess implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NodeToolProcess.class);

  private final Process process;
  private final OutputStream stdin;

  /** A call sent and not answered yet: its answer, and who hears when the tool ran. */
  private record Pending(CompletableFuture<ToolOutcome> answer, RunTimed timed) {}

  private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
  private final CompletableFuture<Void> ready = new CompletableFuture<>();
  private final AtomicLong ids = new AtomicLong();
  private volatile boolean outputClosed;
  private final Thread errors;

  /**
   * The last lines Node wrote to stderr outside any call: why it could not start, when it could
   * not.
   */
  private final Deque<String> lastErrors = new ConcurrentLinkedDeque<>();

  /** A Node.js process (TypeScript through the project's tsx). */
  NodeToolProcess(String nodeCommand, int memoryMb, Path runner, Path entrypoint)
      throws IOException {
    this(nodeCommand(nodeCommand, memoryMb, runner, entrypoint), entrypoint);
  }

  /**
   * A process started by {@code command} (the runner and the entrypoint last), in the entrypoint's
   * folder.
   */
  NodeToolProcess(List<String> command, Path entrypoint) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.directory(entrypoint.getParent().toFile());
    this.process = pb.start();
    this.stdin = process.getOutputStream();
    this.errors = Thread.ofPlatform().daemon().name("node-tools-err").start(this::readLogs);
    Thread.ofPlatform().daemon().name("node-tools-out").start(this::readAnswers);
  }

  static List<String> nodeCommand(String nodeCommand, int memoryMb, Path runner, Path entrypoint) {
    return nodeCommand(nodeCommand, memoryMb, runner, entrypoint, null, 0);
  }

  /**
   * Node with the project's {@code runtime.permissions} (Deno/Bun-style flags) as Node's permission
   * model: reading the tools' own folder and the runner is always allowed; {@code --allow-read[=p]}
   * and {@code --allow-write[=p]} open the file system (everywhere, or the listed paths), {@code
   * --allow-run} child processes, {@code --allow-all} (or {@code -A}) drops the model; the network,
   * environment and system flags have no counterpart in Node and need none. No permissions (null):
   * no permission model, as before.
   */
  static List<String> nodeCommand(
      String nodeCommand,
      int memoryMb,
      Path runner,
      Path entrypoint,
      @Nullable List<String> permissions,
      int nodeMajor) {
    List<String> command =
        new ArrayList<>(List.of(nodeCommand, "--max-old-space-size=" + memoryMb));
    if (permissions != null
        && permissions.stream().noneMatch(p -> p.equals("--allow-all") || p.equals("-A"))) {
      command.add(nodeMajor >= 22 ? "--permission" : "--experimental-permission");
      List<String> reads =
          new ArrayList<>(List.of(entrypoint.getParent().toString(), runner.toString()));
      List<String> writes = new ArrayList<>();
      for (String flag : permissions) {
        String name = flag.contains("=") ? flag.substring(0, flag.indexOf('=')) : flag;
        String value = flag.contains("=") ? flag.substring(flag.indexOf('=') + 1) : null;
        switch (name) {
          case "--allow-read", "-R" ->
              reads.addAll(value == null ? List.of("*") : List.of(value.split(",")));
          case "--allow-write", "-W" ->
              writes.addAll(value == null ? List.of("*") : List.of(value.split(",")));
          case "--allow-run" -> command.add("--allow-child-process");
          default -> {} // --allow-net, --allow-env, --allow-sys, …: not restricted by Node
        }
      }
      // one flag per path: Node no longer reads a comma-separated list
      for (String path : reads.contains("*") ? List.of("*") : reads) {
        command.add("--allow-fs-read=" + path);
      }
      for (String path : writes.contains("*") ? List.of("*") : writes) {
        command.add("--allow-fs-write=" + path);
      }
    }
    if (isTypeScript(entrypoint)) {
      command.addAll(List.of("--import", "tsx")); // the project's own tsx, resolved from its folder
    }
    command.addAll(List.of(runner.toString(), entrypoint.toString()));
    return command;
  }

  /**
   * Bun runs TypeScript itself and has its own APIs ({@code Bun.write}); the same runner speaks the
   * protocol.
   */
  static List<String> bunCommand(String bun, Path runner, Path entrypoint) {
    return List.of(bun, runner.toString(), entrypoint.toString());
  }

  static boolean isTypeScript(Path entrypoint) {
    String name = entrypoint.getFileName().toString();
    return name.endsWith(".ts") || name.endsWith(".mts") || name.endsWith(".cts");
  }

  /** False once the process's output ended, even before the OS has reaped it. */
  boolean isAlive() {
    return !outputClosed && process.isAlive();
  }

  /** Calls sent and not answered yet. */
  int load() {
    return pending.size();
  }

  /** Waits until the entrypoint is loaded; throws with Node's message when it cannot be. */
  void awaitReady(long timeoutMillis) throws Exception {
    ready.get(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  /** What the process measured of one call: the tool's own run, without the wait before it. */
  @FunctionalInterface
  interface RunTimed {
    void ran(Instant started, Instant ended);
  }

  CompletableFuture<ToolOutcome> call(String tool, Object input, Object config) {
    return call(tool, input, config, null, (started, ended) -> {});
  }

  /** Calls {@code tool}; {@code traceparent} goes to the tool, {@code timed} hears when it ran. */
  CompletableFuture<ToolOutcome> call(
      String tool, Object input, Object config, @Nullable String traceparent, RunTimed timed) {
    long id = ids.incrementAndGet();
    CompletableFuture<ToolOutcome> answer = new CompletableFuture<>();
    pending.put(id, new Pending(answer, timed));
    if (outputClosed) { // ended between the pool's pick and now: nothing would ever answer
      pending.remove(id);
      answer.complete(
          new ToolOutcome.Failed(
              new StepError(
                  "tool_runtime_error", "the Node.js tool process exited before the call"),
              true));
      return answer;
    }
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("id", id);
    request.put("tool", tool);
    request.put("input", input);
    request.put("config", config);
    if (traceparent != null) {
      request.put("traceparent", traceparent);
    }
    byte[] line = (Json.write(request) + "\n").getBytes(StandardCharsets.UTF_8);
    try {
      synchronized (stdin) {
        stdin.write(line);
        stdin.flush();
      }
    } catch (IOException e) {
      pending.remove(id);
      answer.complete(
          new ToolOutcome.Failed(
              new StepError(
                  "tool_runtime_error", "the Node.js tool process is gone: " + e.getMessage()),
              true));
    }
    return answer.whenComplete((r, e) -> pending.remove(id));
  }

  @SuppressWarnings("unchecked")
  private void readAnswers() {
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        Map<String, Object> msg;
        try {
          msg = Json.read(line, Map.class);
        } catch (RuntimeException e) {
          log.warn("tool process wrote a line that is not JSON: {}", line);
          continue;
        }
        if (msg.containsKey("ready")) {
          ready.complete(null);
        } else if (msg.containsKey("fatal")) {
          ready.completeExceptionally(
              new IllegalStateException("cannot load tools: " + msg.get("fatal")));
        } else if (msg.get("id") instanceof Number n) {
          Pending call = pending.get(n.longValue());
          if (call != null) {
            CompletableFuture<ToolOutcome> f = call.answer();
            if (msg.get("started_at") instanceof Number started
                && msg.get("ended_at") instanceof Number ended) {
              call.timed().ran(instant(started), instant(ended));
            }
            List<String> logs = logs(msg);
            f.complete(
                Boolean.TRUE.equals(msg.get("ok"))
                    ? new ToolOutcome.Succeeded(msg.get("output"), logs)
                    : failure((Map<String, Object>) msg.get("error"), logs));
          }
        }
      }
    } catch (IOException e) {
      log.debug("tool process output closed", e);
    } finally {
      outputClosed = true;
      try {
        errors.join(1_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      ready.completeExceptionally(
          new IllegalStateException(
              "the Node.js tool process exited"
                  + (lastErrors.isEmpty() ? "" : ": " + String.join(" | ", lastErrors))));
      StepError gone =
          new StepError("tool_runtime_error", "the Node.js tool process exited while the tool ran");
      pending.values().forEach(call -> call.answer().complete(new ToolOutcome.Failed(gone, true)));
    }
  }

  private static Instant instant(Number epochMillis) {
    double ms = epochMillis.doubleValue();
    long whole = (long) Math.floor(ms);
    return Instant.ofEpochMilli(whole).plusNanos((long) ((ms - whole) * 1_000_000));
  }

  private static List<String> logs(Map<String, Object> msg) {
    List<String> lines = new ArrayList<>();
    if (msg.get("logs") instanceof List<?> l) {
      l.forEach(x -> lines.add(String.valueOf(x)));
    }
    if (msg.get("logs_dropped") instanceof Number n && n.intValue() > 0) {
      lines.add("... " + n.intValue() + " more lines not kept");
    }
    return List.copyOf(lines);
  }

  private static ToolOutcome failure(Map<String, Object> error, List<String> logs) {
    String name = String.valueOf(error.getOrDefault("name", "Error"));
    String message = String.valueOf(error.getOrDefault("message", ""));
    return switch (name) {
      case "ToolNotFound" ->
          new ToolOutcome.Failed(new StepError("tool_not_found", message), false, logs);
      case "InvalidOutput" ->
          new ToolOutcome.Failed(new StepError("tool_invalid_output", message), false, logs);
      default ->
          new ToolOutcome.Failed(new StepError("tool_error", name + ": " + message), true, logs);
    };
  }

  private void readLogs() {
    try (BufferedReader err =
        new BufferedReader(
            new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = err.readLine()) != null) {
        log.info("[tool] {}", line);
        lastErrors.addLast(line);
        while (lastErrors.size() > 5) {
          lastErrors.pollFirst();
        }
      }
    } catch (IOException e) {
      log.debug("tool process stderr closed", e);
    }
  }

  @Override
  public void close() {
    process.destroy();
  }
}
