package io.compozy.standalone.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CPU time (user + system, from /proc) of this process and every process under it, summed by the
 * part of the platform each one is: a cluster instance by its service, Postgres, Redis, and this
 * JVM (the Kafka broker, the launcher and the load generator).
 */
final class CpuTime {
  private static final Pattern INSTANCE = Pattern.compile("-Dcompozy\\.cluster\\.instance=([a-z-]+)-\\d+");
  /** Linux's USER_HZ: /proc counts CPU time in hundredths of a second. */
  private static final long TICK_MILLIS = 10;

  private CpuTime() {}

  /** Milliseconds of CPU so far, by part. */
  static Map<String, Long> byPart() {
    Map<String, Long> parts = new TreeMap<>();
    parts.merge("this JVM (Kafka broker, launcher, load)", millis(ProcessHandle.current().pid()), Long::sum);
    ProcessHandle.current().descendants().forEach(p -> {
      String command = p.info().commandLine().orElse("");
      Matcher instance = INSTANCE.matcher(command);
      String part = instance.find() ? instance.group(1) : command.contains("postgres") ? "postgres" : command.contains("redis") ? "redis" : "other";
      parts.merge(part, millis(p.pid()), Long::sum);
    });
    return parts;
  }

  private static long millis(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // fields after the command (which may hold spaces), from the last ')': state is field 3, utime 14, stime 15
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK_MILLIS;
    } catch (IOException | RuntimeException gone) {
      return 0;
    }
  }
}
