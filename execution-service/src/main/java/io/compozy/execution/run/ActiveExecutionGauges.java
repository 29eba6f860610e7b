package io.compozy.execution.run;

import io.compozy.contracts.execution.ExecutionStatus;
import io.compozy.support.execution.ExecutionRecords;
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
  private final ExecutionRecords records;
  private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> ageMillis = new ConcurrentHashMap<>();
  private final BatchLoop loop;

  ActiveExecutionGauges(
      ExecutionRecords records,
      MeterRegistry meters,
      @Value("${compozy.metrics.poll-interval:15s}") Duration every) {
    this.records = records;
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
    return records
        .unfinished()
        .collectMap(u -> u.status().wireName())
        .map(
            found -> {
              for (String status : ACTIVE) {
                ExecutionRecords.Unfinished u = found.get(status);
                counts.get(status).set(u == null ? 0 : u.count());
                ageMillis.get(status).set(u == null ? 0 : u.oldestAgeMillis());
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
