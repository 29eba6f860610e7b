package io.compozy.execution.worker;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** {@code cp__exec}: an allow-listed command, run without a shell in the tools root, time- and output-capped. */
final class CommandTool {
  private final List<String> allowed;
  private final Duration timeout;
  private final int maxBytes;

  CommandTool(List<String> allowed, Duration timeout, int maxBytes) {
    this.allowed = allowed;
    this.timeout = timeout;
    this.maxBytes = maxBytes;
  }

  Map<String, Object> run(String command, List<String> args, Path dir) throws IOException, InterruptedException {
    if (!allowed.contains(command)) {
      throw new ToolFailure("command_not_allowed", "'" + command + "' is not an allowed command"
          + (allowed.isEmpty() ? " (none are; set compozy.tools.exec-allow)" : " (allowed: " + allowed + ")"), false);
    }
    List<String> line = new ArrayList<>();
    line.add(command);
    line.addAll(args);
    Process p = new ProcessBuilder(line).directory(dir.toFile()).start();
    p.getOutputStream().close();
    CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> drain(p.getInputStream()), Thread::startVirtualThread);
    CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()), Thread::startVirtualThread);
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      throw new ToolFailure("exec_timeout", "'" + command + "' ran longer than " + timeout.toSeconds() + " s and was stopped", true);
    }
    byte[] stdout = out.join();
    byte[] stderr = err.join();
    return Map.of("exit_code", p.exitValue(), "stdout", text(stdout), "stderr", text(stderr),
        "truncated", stdout.length > maxBytes || stderr.length > maxBytes);
  }

  private byte[] drain(InputStream in) {
    try (in) {
      byte[] kept = in.readNBytes(maxBytes + 1);
      in.transferTo(java.io.OutputStream.nullOutputStream()); // the rest is read, so the command never blocks on a full pipe
      return kept;
    } catch (IOException e) {
      return new byte[0];
    }
  }

  private String text(byte[] bytes) {
    return new String(bytes, 0, Math.min(bytes.length, maxBytes), StandardCharsets.UTF_8);
  }
}
