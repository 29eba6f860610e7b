package io.compozy.standalone.cluster;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The table of a cluster's instances: service, instance, pid, port, health, time to ready, log. */
final class InstanceTable {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  /**
   * What an instance's readiness probe says: UP, DOWN (answers, not ready), STARTING (alive, no
   * answer), STOPPED.
   */
  enum Health {
    UP,
    DOWN,
    STARTING,
    STOPPED
  }

  record Row(InstanceName name, long pid, int port, Health health, long readyMillis, String log) {}

  private InstanceTable() {}

  static Health probe(InstanceName name, long pid, int port) {
    boolean alive = pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    if (!alive) {
      return Health.STOPPED;
    }
    if (!name.service().isPlatformService()) {
      // a Kafka node has no HTTP probe: it is up when its listener takes connections
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        return Health.UP;
      } catch (IOException e) {
        return Health.STARTING;
      }
    }
    try {
      HttpRequest request =
          HttpRequest.newBuilder(
                  URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
              .timeout(Duration.ofSeconds(2))
              .build();
      return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200
          ? Health.UP
          : Health.DOWN;
    } catch (IOException e) {
      return Health.STARTING;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Health.STARTING;
    }
  }

  static String format(List<Row> rows) {
    List<String[]> cells = new ArrayList<>();
    cells.add(new String[] {"SERVICE", "INSTANCE", "PID", "PORT", "HEALTH", "READY IN", "LOG"});
    for (Row r : rows) {
      cells.add(
          new String[] {
            r.name().service().key(),
            "#" + r.name().number(),
            r.pid() > 0 ? Long.toString(r.pid()) : "-",
            Integer.toString(r.port()),
            r.health().name(),
            r.readyMillis() >= 0
                ? String.format(Locale.ROOT, "%.1f s", r.readyMillis() / 1000.0)
                : "-",
            r.log()
          });
    }
    int[] widths = new int[cells.getFirst().length];
    cells.forEach(
        row -> {
          for (int i = 0; i < row.length; i++) {
            widths[i] = Math.max(widths[i], row[i].length());
          }
        });
    StringBuilder out = new StringBuilder();
    for (String[] row : cells) {
      for (int i = 0; i < row.length; i++) {
        out.append(
            i == row.length - 1
                ? row[i]
                : String.format(Locale.ROOT, "%-" + (widths[i] + 2) + "s", row[i]));
      }
      out.append('\n');
    }
    return out.toString();
  }
}
