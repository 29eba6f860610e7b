package io.compozy.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load from wrk, a separate process in C, when it is installed: a load generator in the measured
 * JVM takes a good part of two cores from the gateway it measures.
 */
final class Wrk {
  private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
  private static final Pattern PERCENTILE =
      Pattern.compile("^\\s+(50|99)%\\s+([0-9.]+)(us|ms|s)\\s*$", Pattern.MULTILINE);
  private static final Pattern ERRORS = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");

  private Wrk() {}

  static boolean installed() {
    try {
      // wrk --version exits with 1; that it starts at all is the answer
      new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start().waitFor();
      return true;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  static GatewayBenchmark.Load run(
      String url, Optional<String> authorization, int connections, int seconds)
      throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of("wrk", "-t1", "-c" + connections, "-d" + seconds + "s", "--latency"));
    authorization.ifPresent(a -> command.addAll(List.of("-H", "Authorization: " + a)));
    command.add(url);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IOException("wrk failed: " + out);
    }
    Matcher rate = RATE.matcher(out);
    if (!rate.find()) {
      throw new IOException("no rate in wrk's output: " + out);
    }
    double p50 = Double.NaN;
    double p99 = Double.NaN;
    Matcher p = PERCENTILE.matcher(out);
    while (p.find()) {
      double ms =
          Double.parseDouble(p.group(2))
              * switch (p.group(3)) {
                case "us" -> 0.001;
                case "s" -> 1000;
                default -> 1;
              };
      if (p.group(1).equals("50")) {
        p50 = ms;
      } else {
        p99 = ms;
      }
    }
    Matcher errors = ERRORS.matcher(out);
    return new GatewayBenchmark.Load(
        Double.parseDouble(rate.group(1)),
        p50,
        p99,
        errors.find() ? Long.parseLong(errors.group(1)) : 0);
  }
}
