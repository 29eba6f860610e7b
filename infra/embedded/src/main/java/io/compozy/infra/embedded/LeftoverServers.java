package io.compozy.infra.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the Postgres and Redis servers an earlier run left in a data directory. They are processes
 * of their own: a platform killed without running its shutdown hooks ({@code kill -9}, a crash, an
 * out-of-memory kill) leaves them running on their ports, and the next start failed with "Address
 * already in use". Call only while holding the directory's {@link DataDirectoryLock}: then no live
 * platform owns them.
 */
final class LeftoverServers {
  /** Where the embedded Redis writes its process id, in its own data directory. */
  static final String REDIS_PID_FILE = "redis-server.pid";

  private static final Logger log = LoggerFactory.getLogger(LeftoverServers.class);

  private LeftoverServers() {}

  /** Stops what an earlier run left running; returns the process ids it stopped. */
  static List<Long> stopIn(Path dataDir) {
    List<Long> stopped = new ArrayList<>();
    // Postgres writes its pid on the first line of postmaster.pid (and removes the file when it
    // stops)
    stop(dataDir.resolve("postgres").resolve("postmaster.pid"), "postgres").ifPresent(stopped::add);
    stop(dataDir.resolve("redis").resolve(REDIS_PID_FILE), "redis-server").ifPresent(stopped::add);
    return stopped;
  }

  private static Optional<Long> stop(Path pidFile, String program) {
    Optional<ProcessHandle> left =
        pid(pidFile)
            .flatMap(ProcessHandle::of)
            .filter(ProcessHandle::isAlive)
            // a stale file may name a pid the system gave to another program since
            .filter(
                p ->
                    p.info()
                        .command()
                        .map(c -> Path.of(c).getFileName().toString().startsWith(program))
                        .orElse(false));
    if (left.isEmpty()) {
      return Optional.empty();
    }
    ProcessHandle process = left.get();
    log.warn(
        "stopping {} (pid {}), left running in {} by an earlier run that did not stop it",
        program,
        process.pid(),
        pidFile.getParent());
    // SIGTERM: Postgres shuts down cleanly (its clients died with their platform), Redis too
    process.destroy();
    if (!exited(process, 30)) {
      process.destroyForcibly();
      if (!exited(process, 10)) {
        throw new IllegalStateException(
            program
                + " (pid "
                + process.pid()
                + ") left by an earlier run does not stop; stop it by hand");
      }
    }
    return Optional.of(process.pid());
  }

  private static Optional<Long> pid(Path pidFile) {
    try {
      List<String> lines = Files.readAllLines(pidFile);
      return lines.isEmpty()
          ? Optional.empty()
          : Optional.of(Long.parseLong(lines.getFirst().trim()));
    } catch (IOException | NumberFormatException noUsablePid) {
      return Optional.empty();
    }
  }

  private static boolean exited(ProcessHandle process, int seconds) {
    try {
      process.onExit().get(seconds, TimeUnit.SECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return !process.isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !process.isAlive();
    }
  }
}
