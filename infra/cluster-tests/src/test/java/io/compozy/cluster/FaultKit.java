package io.compozy.cluster;

import io.compozy.infra.embedded.DataDirectories;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * What the fault tests share: a cluster under test, the Postgres it writes to, and how to read
 * executions back.
 */
record FaultKit(ClusterProcess cluster, String jdbcUrl, String user, String password) {
  record Run(String execId, String status, Instant created, Instant ended) {}

  /**
   * Waits until every execution of {@code ids} has ended (Postgres says so), failing with where the
   * stuck ones stand.
   */
  Map<String, Run> awaitEnded(Collection<String> ids, Duration within) throws Exception {
    AtomicReference<Map<String, Run>> last = new AtomicReference<>(Map.of());
    try {
      Awaitility.await()
          .atMost(within)
          .pollInterval(Duration.ofMillis(250))
          .until(
              () -> {
                last.set(ended(ids));
                return last.get().size() == ids.size();
              });
      return last.get();
    } catch (ConditionTimeoutException e) {
      List<String> stuck = ids.stream().filter(id -> !last.get().containsKey(id)).limit(5).toList();
      throw new AssertionError(
          (ids.size() - last.get().size())
              + " of "
              + ids.size()
              + " executions did not end within "
              + within.toSeconds()
              + " s, "
              + stuck
              + " among them: "
              + states(stuck)
              + "\n"
              + cluster.launcherOutput());
    }
  }

  private Map<String, Run> ended(Collection<String> ids) throws Exception {
    Map<String, Run> runs = new LinkedHashMap<>();
    try (Connection c = connect();
        PreparedStatement q =
            c.prepareStatement(
                "select exec_id, status, created_at, ended_at from engine.executions where exec_id"
                    + " = any(?) and ended_at is not null")) {
      q.setArray(1, c.createArrayOf("text", ids.toArray(String[]::new)));
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          runs.put(
              rs.getString(1),
              new Run(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getTimestamp(3).toInstant(),
                  rs.getTimestamp(4).toInstant()));
        }
      }
    }
    return runs;
  }

  /** Where the given executions stand: their status and their tasks'. */
  String states(List<String> ids) throws Exception {
    StringBuilder out = new StringBuilder();
    try (Connection c = connect();
        PreparedStatement q =
            c.prepareStatement(
                "select e.exec_id, e.status, string_agg(t.task_id || '=' || t.status, ',') from"
                    + " engine.executions e left join engine.task_states t on t.exec_id = e.exec_id"
                    + " where e.exec_id = any(?) group by e.exec_id, e.status")) {
      q.setArray(1, c.createArrayOf("text", ids.toArray(String[]::new)));
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          out.append(rs.getString(1))
              .append(' ')
              .append(rs.getString(2))
              .append(" [")
              .append(rs.getString(3))
              .append("] ");
        }
      }
    }
    return out.toString();
  }

  Connection connect() throws Exception {
    return DriverManager.getConnection(jdbcUrl, user, password);
  }

  /** Kills or starts {@code instance} and notes when, in seconds from {@code t0}. */
  void drill(List<String> times, long t0, String verb, String instance) throws Exception {
    long from = (System.nanoTime() - t0) / 1_000_000;
    if (verb.equals("kill")) {
      cluster.kill(instance);
    } else {
      cluster.startAgain(instance);
    }
    times.add(
        String.format(
            Locale.ROOT,
            "%s %s %.1f-%.1f s",
            verb,
            instance,
            from / 1000.0,
            (System.nanoTime() - t0) / 1e9));
  }

  /** An empty directory under target/ (the instances' logs outlive a failed run there). */
  static Path freshDirectory(String name) throws Exception {
    Path dir = Path.of("target", name).toAbsolutePath();
    DataDirectories.delete(dir);
    return Files.createDirectories(dir);
  }

  /**
   * Sleeps until {@code atSeconds} after {@code t0}: the load's own schedule (open loop: a start
   * goes out when it is due), not a wait for a condition.
   */
  static void pause(long t0, double atSeconds) {
    long wait = (long) (atSeconds * 1_000) - (System.nanoTime() - t0) / 1_000_000;
    if (wait > 0) {
      try {
        Thread.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * The fault tests' project (a 3-step Node-tool workflow that records each step's runs, a
   * schedule), copied to {@code target}.
   */
  static Path copyProject(Path target) throws Exception {
    Path source =
        Path.of(FaultKit.class.getResource("/fault-project/compozy.yaml").toURI()).getParent();
    try (Stream<Path> files = Files.walk(source)) {
      for (Path f : files.toList()) {
        Path dest = target.resolve(source.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(dest);
        } else {
          Files.copy(f, dest);
        }
      }
    }
    return target;
  }

  /** How many times each "N step" line was written to {@code records}: each tool run writes one. */
  static Map<String, Integer> timesRun(Path records) throws Exception {
    Map<String, Integer> times = new HashMap<>();
    for (String line : Files.readAllLines(records)) {
      times.merge(line.strip(), 1, Integer::sum);
    }
    return times;
  }
}
