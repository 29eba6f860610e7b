package io.compozy.workflow.messaging;

import io.compozy.workflow.engine.ExecutionState;
import io.compozy.workflow.store.ExecutionStateStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The executions the engine ended, as Prometheus sees them: {@code
 * compozy_executions_finished_total} and the histogram {@code compozy_execution_duration_seconds},
 * by workflow and status. Counted once a batch is written, from the states it moved to an end (a
 * batch written twice moves nothing twice).
 */
@Component
class EngineMetrics {
  private final Meter.MeterProvider<Counter> finished;
  private final Meter.MeterProvider<Timer> durations;

  EngineMetrics(MeterRegistry meters) {
    finished =
        Counter.builder("compozy.executions.finished")
            .description("executions that reached an end, by workflow and status")
            .withRegistry(meters);
    durations =
        Timer.builder("compozy.execution.duration")
            .description("from creation to end, by workflow and status")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(5))
            .maximumExpectedValue(Duration.ofHours(1))
            .withRegistry(meters);
  }

  void wrote(
      Map<String, ExecutionStateStore.Loaded> before, List<ExecutionState> written, Instant now) {
    for (ExecutionState s : written) {
      ExecutionStateStore.Loaded was = before.get(s.execId());
      if (!s.status().isFinished() || was != null && was.state().status().isFinished()) {
        continue;
      }
      String status = s.status().wireName();
      finished.withTags("workflow", s.workflowId(), "status", status).increment();
      durations
          .withTags("workflow", s.workflowId(), "status", status)
          .record(Duration.between(s.createdAt(), now));
    }
  }
}
