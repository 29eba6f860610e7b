package io.compozy.execution.run;

import io.compozy.contracts.execution.ExecutionStatus;
import io.compozy.support.loop.BatchLoop;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Executions not ended yet, as Prometheus sees them: {@code compozy_executions_active{status}} and
 * {@code compozy_executions_oldest_active_age_seconds{status}}, read from Postgres every interval
 * (on the status index). An execution active far longer than its workflows run is stuck: the alert
 * rules watch the age.
 */
@Component
class ActiveExecutionGauges implements SmartLifecycle {
  private static final List<String> ACTIVE =
      ExecutionStatus.unfinished().stream().map(ExecutionStatus::wireName).toList();
  private final DatabaseClient db;
  private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> ageMillis = new ConcurrentHashMap<>();
  private final BatchLoop loop;

  ActiveExecutionGauges(
      DatabaseClient db,
      MeterRegistry meters,
      @Value("${compozy.metrics.poll-interval:15s}") Duration every) {
    this.db = db;
    for (String status : ACTIVE) {
      AtomicLong n = new AtomicLong();
      AtomicLong age = new AtomicLong();
      counts.put(status, n);
      ageMillis.put(status, age);
      Gauge.builder("compozy.executions.active", n, AtomicLong::get)
          .description("executions in this status, not ended yet")
          .tag("status", status)
          .register(meters);
      Gauge.builder("compozy.executions.oldest.active.age", age, a -> a.get() / 1000.0)
          .baseUnit("seconds")
          .description("how long ago the oldest execution in this status was created")
          .tag("status", status)
          .register(meters);
    }
    this.loop = new BatchLoop("active executions", every, Integer.MAX_VALUE, this::measure);
  }

  private Mono<Integer> measure() {
    return db.sql(
            "select status, count(*) as n, coalesce((extract(epoch from now() - min(created_at)) *"
                + " 1000)::bigint, 0) as age from engine.executions where status = any(:active)"
                + " group by status")
        .bind("active", ACTIVE.toArray(String[]::new))
        .map(
            r ->
                Map.entry(
                    r.get("status", String.class),
                    new long[] {r.get("n", Long.class), r.get("age", Long.class)}))
        .all()
        .collectMap(Map.Entry::getKey, Map.Entry::getValue)
        .map(
            found -> {
              for (String status : ACTIVE) {
                long[] v = found.getOrDefault(status, new long[] {0, 0});
                counts.get(status).set(v[0]);
                ageMillis.get(status).set(v[1]);
              }
              return 0;
            })
        .timeout(Duration.ofSeconds(10));
  }

  @Override
  public void start() {
    loop.start();
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
