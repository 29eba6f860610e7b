package io.compozy.support.health;

import io.compozy.support.loop.BatchLoop;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
  private static final Map<String, String> CHECKS =
      Map.of("r2dbc", "postgres", "redis", "redis", "kafka", "kafka");

  private final ObjectProvider<HealthEndpoint> health;
  private final MeterRegistry meters;
  private final Map<String, AtomicInteger> up = new ConcurrentHashMap<>();
  private final BatchLoop loop;

  public DependencyGauges(
      ObjectProvider<HealthEndpoint> health, MeterRegistry meters, Duration every) {
    this.health = health;
    this.meters = meters;
    this.loop = BatchLoop.periodic("dependency gauges", every, this::measure);
  }

  void measure() {
    HealthEndpoint endpoint = health.getIfAvailable();
    if (endpoint == null) {
      return;
    }
    CHECKS.forEach(
        (contributor, dependency) -> {
          HealthDescriptor d;
          try {
            d = endpoint.healthForPath(contributor);
          } catch (RuntimeException e) {
            d = null;
          }
          if (d == null && !up.containsKey(contributor)) {
            return; // this service does not use it
          }
          AtomicInteger value =
              up.computeIfAbsent(
                  contributor,
                  c -> {
                    AtomicInteger v = new AtomicInteger();
                    Gauge.builder("compozy.dependency.up", v, AtomicInteger::get)
                        .description("1 while the service reaches the dependency, else 0")
                        .tag("dependency", dependency)
                        .register(meters);
                    return v;
                  });
          value.set(d != null && Status.UP.equals(d.getStatus()) ? 1 : 0);
        });
  }

  @Override
  public void start() {
    loop.start();
    loop.wake(); // at once: an alert on a dependency down should not wait a whole interval after a
    // start
  }

  @Override
  public void stop() {
    loop.stop();
  }

  @Override
  public boolean isRunning() {
    return loop.isRunning();
  }
}
