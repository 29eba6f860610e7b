package io.compozy.bench;

import io.compozy.gateway.GatewayApplication;
import io.compozy.gateway.auth.ApiKeys;
import io.compozy.infra.embedded.Infrastructure;
import io.netty.handler.codec.http.HttpHeaders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * What the gateway adds to a request: a trivial upstream ({@link TrivialUpstream}, in a JVM of its
 * own) is called directly and through one gateway instance (API key check, Redis rate limit,
 * identity headers, routing) on the real Postgres and Redis. Prints the added latency (one request
 * at a time) and the requests per second with C in flight over keep-alive connections. The load
 * comes from wrk when it is installed (N is then unused; {@code -Dbench.seconds}, default 30), else
 * from a client in this JVM (N requests). Usage: bin/benchmark-gateway [N] [C].
 */
public final class GatewayBenchmark {
  private GatewayBenchmark() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 64;
    Path dir = Files.createTempDirectory("compozy-gateway-bench");
    String admin = ApiKeys.generate();
    try (Infrastructure infra = Infrastructure.start(Infrastructure.Plan.ephemeral(dir));
        TrivialUpstream.Running upstream = TrivialUpstream.start()) {
      String upstreamUrl = upstream.url();
      List<String> gatewayArgs =
          new ArrayList<>(
              List.of(
                  "--server.port=0",
                  "--logging.level.root=WARN",
                  "--compozy.reactor.own-resources=true",
                  "--spring.autoconfigure.exclude=org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
                  "--compozy.gateway.auth.key-secret=" + "bench-secret-".repeat(4),
                  "--compozy.internal.secret=" + "bench-internal-".repeat(4),
                  "--compozy.gateway.auth.admin-key=" + admin,
                  "--compozy.services.registry=" + upstreamUrl,
                  "--compozy.services.execution=" + upstreamUrl,
                  "--compozy.services.workflow=" + upstreamUrl,
                  "--compozy.services.scheduler=" + upstreamUrl));
      infra.endpoints().springProperties().forEach((k, v) -> gatewayArgs.add("--" + k + "=" + v));
      for (String extra : System.getProperty("bench.gateway.args", "").split(" ")) {
        if (!extra.isBlank()) {
          gatewayArgs.add(extra);
        }
      }
      try (ConfigurableApplicationContext gateway =
          new SpringApplication(GatewayApplication.class).run(gatewayArgs.toArray(String[]::new))) {
        int gatewayPort = ((WebServerApplicationContext) gateway).getWebServer().getPort();
        HttpClient client =
            HttpClient.create(ConnectionProvider.create("bench", concurrency)).keepAlive(true);
        String key =
            BenchKeys.unlimited(
                java.net.http.HttpClient.newHttpClient(),
                "http://127.0.0.1:" + gatewayPort + "/api/v0",
                admin);
        Consumer<HttpHeaders> auth = h -> h.set("Authorization", "Bearer " + key);
        String path = System.getProperty("bench.path", "/api/v0/workflows");
        String direct = upstreamUrl + path;
        String viaGateway = "http://127.0.0.1:" + gatewayPort + path;

        Measurer measure =
            Wrk.installed() && !Boolean.getBoolean("bench.noWrk")
                ? new WrkMeasurer(key, Integer.getInteger("bench.seconds", 30))
                : new InProcessMeasurer(client, auth, n);
        // warm-up: pools, key cache, and the JIT, which on two cores compiles the gateway's paths
        // for about four minutes of load (throughput still rose between minutes 2 and 4)
        System.out.println("warming up (" + measure.name() + ") ...");
        measure.warmUp(direct, viaGateway, concurrency);

        Load gatewayLoad = measure.run(viaGateway, true, concurrency);
        Load directLoad = measure.run(direct, false, concurrency);
        Load directSerial = measure.run(direct, false, 1);
        Load gatewaySerial = measure.run(viaGateway, true, 1);

        System.out.printf(
            Locale.ROOT,
            "%nCompozy gateway benchmark on %d cores (auth + Redis rate limit + routing to a"
                + " trivial upstream), load from %s%n",
            Runtime.getRuntime().availableProcessors(),
            measure.name());
        System.out.printf(
            Locale.ROOT,
            "  one at a time   direct p50 %6.3f ms p99 %6.3f ms | gateway p50 %6.3f ms p99 %6.3f ms"
                + " | added p50 %6.3f ms%n",
            directSerial.p50(),
            directSerial.p99(),
            gatewaySerial.p50(),
            gatewaySerial.p99(),
            gatewaySerial.p50() - directSerial.p50());
        System.out.printf(
            Locale.ROOT,
            "  %3d in flight   direct %8.0f req/s (p50 %6.2f ms) | gateway %8.0f req/s (p50 %6.2f"
                + " ms, p99 %6.2f ms)%n",
            concurrency,
            directLoad.perSecond(),
            directLoad.p50(),
            gatewayLoad.perSecond(),
            gatewayLoad.p50(),
            gatewayLoad.p99());
        long failures =
            directSerial.failures()
                + gatewaySerial.failures()
                + directLoad.failures()
                + gatewayLoad.failures();
        if (failures > 0) {
          System.out.printf(Locale.ROOT, "  failures        %d answers were not 200%n", failures);
        }
      }
    }
    System.exit(0);
  }

  /** What one measurement saw: requests per second, latency percentiles in ms, answers not 200. */
  record Load(double perSecond, double p50, double p99, long failures) {}

  private interface Measurer {
    String name();

    void warmUp(String direct, String viaGateway, int concurrency) throws Exception;

    Load run(String url, boolean authenticated, int concurrency) throws Exception;
  }

  /** wrk in its own process: what a real client sees, and the gateway gets the cores. */
  private record WrkMeasurer(String key, int seconds) implements Measurer {
    @Override
    public String name() {
      return "wrk, 1 thread";
    }

    @Override
    public void warmUp(String direct, String viaGateway, int concurrency) throws Exception {
      Wrk.run(direct, Optional.empty(), concurrency, 10);
      Wrk.run(
          viaGateway,
          Optional.of("Bearer " + key),
          concurrency,
          Integer.getInteger("bench.warmup.seconds", 300));
    }

    @Override
    public Load run(String url, boolean authenticated, int concurrency) throws Exception {
      return Wrk.run(
          url,
          authenticated ? Optional.of("Bearer " + key) : Optional.empty(),
          concurrency,
          concurrency == 1 ? 10 : seconds);
    }
  }

  /**
   * Reactor Netty's client in this JVM, when wrk is not installed: it shares the cores with the
   * gateway.
   */
  private record InProcessMeasurer(HttpClient client, Consumer<HttpHeaders> auth, int n)
      implements Measurer {
    @Override
    public String name() {
      return "this JVM (install wrk for a load generator of its own)";
    }

    @Override
    public void warmUp(String direct, String viaGateway, int concurrency) {
      int warmup = Integer.getInteger("bench.warmup", 60_000);
      run(client, direct, h -> {}, warmup / 4, concurrency);
      run(client, viaGateway, auth, warmup, concurrency);
    }

    @Override
    public Load run(String url, boolean authenticated, int concurrency) {
      return run(
          client, url, authenticated ? auth : h -> {}, concurrency == 1 ? 3_000 : n, concurrency);
    }

    private static Load run(
        HttpClient client, String url, Consumer<HttpHeaders> headers, int n, int concurrency) {
      long[] nanos = new long[n];
      AtomicInteger failures = new AtomicInteger();
      HttpClient configured = client.headers(headers);
      long t0 = System.nanoTime();
      Flux.range(0, n)
          .flatMap(
              i ->
                  Mono.defer(
                      () -> {
                        long start = System.nanoTime();
                        return configured
                            .get()
                            .uri(url)
                            .responseSingle(
                                (res, body) -> body.then(Mono.just(res.status().code())))
                            .doOnNext(
                                code -> {
                                  nanos[i] = System.nanoTime() - start;
                                  if (code != 200) {
                                    failures.incrementAndGet();
                                  }
                                });
                      }),
              concurrency)
          .blockLast(Duration.ofMinutes(10));
      double seconds = (System.nanoTime() - t0) / 1e9;
      Arrays.sort(nanos);
      return new Load(n / seconds, percentile(nanos, 50), percentile(nanos, 99), failures.get());
    }

    private static double percentile(long[] sorted, int percentile) {
      return sorted[
              Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1)]
          / 1e6;
    }
  }
}
