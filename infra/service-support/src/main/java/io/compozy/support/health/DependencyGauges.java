package io.compozy.support.health;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.SmartLifecycle;

/**
 * {@code compozy_dependency_up{dependency}}: 1 while the service's own health check of Postgres,
 * Redis or Kafka says up, 0 while it says down, read from the health endpoint every interval (off
 * the event loops: a check of a dependency that is away waits for its deadline). Alerts need a
 * number; the health endpoint gives a document.
 */
public final class DependencyGauges implements SmartLifecycle {
  /** The health contributors' names, and the dependency each checks. */
  private static final Map<String, String> CHECKS = Map.of("r2dbc", "postgres", "redis", "redis", "kafka", "kafka");
  private final ObjectProvider<HealthEndpoint> health;
  private final MeterRegistry meters;
  private final Duration every;
  private final Map<String, AtomicInteger> up = new LinkedHashMap<>();
  private volatile ScheduledExecutorService timer;

  public DependencyGauges(ObjectProvider<HealthEndpoint> health, MeterRegistry meters, Duration every) {
    this.health = health;
    this.meters = meters;
    this.every = every;
  }

  void measure() {
    HealthEndpoint endpoint = health.getIfAvailable();
    if (endpoint == null) {
      return;
    }
    CHECKS.forEach((contributor, dependency) -> {
      HealthDescriptor d;
      try {
        d = endpoint.healthForPath(contributor);
      } catch (RuntimeException e) {
        d = null;
      }
      if (d == null && !up.containsKey(contributor)) {
        return; // this service does not use it
      }
      AtomicInteger value = up.computeIfAbsent(contributor, c -> {
        AtomicInteger v = new AtomicInteger();
        Gauge.builder("compozy.dependency.up", v, AtomicInteger::get).description("1 while the service reaches the dependency, else 0")
            .tag("dependency", dependency).register(meters);
        return v;
      });
      value.set(d != null && Status.UP.equals(d.getStatus()) ? 1 : 0);
    });
  }

  @Override
  public synchronized void start() {
    if (timer == null) {
      timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("dependency-gauges").factory());
      timer.scheduleWithFixedDelay(this::measure, 1_000, every.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public synchronized void stop() {
    if (timer != null) {
      timer.shutdownNow();
      timer = null;
    }
  }

  @Override
  public boolean isRunning() {
    return timer != null;
  }
}
