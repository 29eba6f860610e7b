package io.compozy.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CPU time (user + system, from /proc) of this process, every process under it and the embedded
 * Postgres (pg_ctl detaches it: it is found by its data directory), summed by the part of the
 * platform each one is: a cluster instance by its service (its Node.js tool runners with it),
 * Postgres, Redis, and this JVM (the Kafka broker, the launcher and the load generator).
 */
final class CpuTime {
  private static final Pattern INSTANCE =
      Pattern.compile("-Dcompozy\\.cluster\\.instance=([a-z-]+)-\\d+");

  /** Linux's USER_HZ: /proc counts CPU time in hundredths of a second. */
  private static final long TICK_MILLIS = 10;

  private CpuTime() {}

  /**
   * Milliseconds of CPU so far, by part; {@code dataDir} is where the embedded servers keep their
   * data.
   */
  static Map<String, Long> byPart(Path dataDir) {
    Map<String, Long> parts = new TreeMap<>();
    parts.merge(
        "this JVM (Kafka broker, launcher, load)",
        millis(ProcessHandle.current().pid()),
        Long::sum);
    ProcessHandle.current()
        .descendants()
        .forEach(p -> parts.merge(part(p), millis(p.pid()), Long::sum));
    ProcessHandle.allProcesses()
        .filter(
            p ->
                p.info()
                    .commandLine()
                    .map(c -> c.contains("postgres") && c.contains(dataDir.toString()))
                    .orElse(false))
        .forEach(
            postmaster -> {
              parts.merge("postgres", millis(postmaster.pid()), Long::sum);
              postmaster
                  .descendants()
                  .forEach(backend -> parts.merge("postgres", millis(backend.pid()), Long::sum));
            });
    return parts;
  }

  /**
   * The instance a process belongs to: its own, or its parent's (a Node.js tool runner's is the
   * execution-service's).
   */
  private static String part(ProcessHandle p) {
    for (ProcessHandle h = p; h != null; h = h.parent().orElse(null)) {
      Matcher instance = INSTANCE.matcher(h.info().commandLine().orElse(""));
      if (instance.find()) {
        return instance.group(1);
      }
      if (h.pid() == ProcessHandle.current().pid()) {
        break;
      }
    }
    return p.info().commandLine().orElse("").contains("redis") ? "redis" : "other";
  }

  private static long millis(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // fields after the command (which may hold spaces), from the last ')': state is field 3,
      // utime 14, stime 15
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK_MILLIS;
    } catch (IOException | RuntimeException gone) {
      return 0;
    }
  }
}
