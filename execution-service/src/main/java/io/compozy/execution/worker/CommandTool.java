package io.compozy.execution.worker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * {@code cp__exec}: an allow-listed command, run without a shell in the tools root, time- and
 * output-capped.
 */
final class CommandTool {
  private final List<String> allowed;
  private final Duration timeout;
  private final int maxBytes;

  CommandTool(List<String> allowed, Duration timeout, int maxBytes) {
    this.allowed = allowed;
    this.timeout = timeout;
    this.maxBytes = maxBytes;
  }

  /**
   * What {@code cp__exec} is asked: the command, its arguments, a folder under the root, a shorter
   * timeout, extra environment.
   */
  record Request(
      String command,
      List<String> args,
      Path dir,
      @Nullable Duration timeout,
      Map<String, String> env) {}

  /**
   * Compozy's cp__exec: runs without a shell; answers {@code stdout}, {@code stderr}, {@code
   * exit_code}, {@code success} (exit code 0), {@code duration_ms}, {@code timed_out} and whether
   * each stream was cut. A command past its time is stopped and answered with {@code timed_out}.
   */
  Map<String, Object> run(Request r) throws IOException, InterruptedException {
    if (!allowed.contains(r.command())) {
      throw new ToolFailure(
          "command_not_allowed",
          "'"
              + r.command()
              + "' is not an allowed command"
              + (allowed.isEmpty()
                  ? " (none are; set compozy.tools.exec-allow)"
                  : " (allowed: " + allowed + ")"),
          false);
    }
    Duration limit =
        r.timeout() == null || r.timeout().compareTo(timeout) > 0 ? timeout : r.timeout();
    List<String> line = new ArrayList<>();
    line.add(r.command());
    line.addAll(r.args());
    ProcessBuilder builder = new ProcessBuilder(line).directory(r.dir().toFile());
    builder.environment().putAll(r.env());
    long started = System.nanoTime();
    Process p = builder.start();
    p.getOutputStream().close();
    CompletableFuture<byte[]> out =
        CompletableFuture.supplyAsync(() -> drain(p.getInputStream()), Thread::startVirtualThread);
    CompletableFuture<byte[]> err =
        CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()), Thread::startVirtualThread);
    boolean timedOut = !p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
    if (timedOut) {
      p.destroyForcibly();
      p.waitFor(5, TimeUnit.SECONDS);
    }
    byte[] stdout = out.orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> new byte[0]).join();
    byte[] stderr = err.orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> new byte[0]).join();
    int exit = p.isAlive() ? -1 : p.exitValue();
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("stdout", text(stdout));
    result.put("stderr", text(stderr));
    result.put("exit_code", timedOut ? -1 : exit);
    result.put("success", !timedOut && exit == 0);
    result.put("duration_ms", Duration.ofNanos(System.nanoTime() - started).toMillis());
    result.put("timed_out", timedOut);
    result.put("stdout_truncated", stdout.length > maxBytes);
    result.put("stderr_truncated", stderr.length > maxBytes);
    return result;
  }

  private byte[] drain(InputStream in) {
    try (in) {
      byte[] kept = in.readNBytes(maxBytes + 1);
      in.transferTo(
          OutputStream
              .nullOutputStream()); // the rest is read, so the command never blocks on a full pipe
      return kept;
    } catch (IOException e) {
      return new byte[0];
    }
  }

  private String text(byte[] bytes) {
    return new String(bytes, 0, Math.min(bytes.length, maxBytes), StandardCharsets.UTF_8);
  }
}
