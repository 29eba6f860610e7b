package io.compozy.execution.worker;

import io.compozy.contracts.execution.StepKind;
import io.compozy.contracts.execution.StepOutcome;
import io.compozy.contracts.message.StepSucceeded.Usage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * The workers' work as Prometheus sees it: {@code compozy_step_duration_seconds} (a histogram by
 * kind of step and outcome), {@code compozy_steps_in_flight}, {@code compozy_tool_runs_total} by
 * tool and outcome, and {@code compozy_model_tokens_total} / {@code compozy_model_calls_total} by
 * provider and model.
 */
@Component
public class StepMetrics {
  private final Map<StepKind, AtomicInteger> inFlight = new ConcurrentHashMap<>();
  // built once: a step's meters are found by their labels, not built anew per step
  private final Meter.MeterProvider<Timer> durations;
  private final Meter.MeterProvider<Counter> toolRuns;
  private final Meter.MeterProvider<Counter> modelCalls;
  private final Meter.MeterProvider<Counter> modelTokens;

  public StepMetrics(MeterRegistry meters) {
    durations =
        Timer.builder("compozy.step.duration")
            .description("a step's run in its worker, by kind of step and outcome")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofMinutes(10))
            .withRegistry(meters);
    toolRuns =
        Counter.builder("compozy.tool.runs")
            .description("tool runs, by tool and outcome")
            .withRegistry(meters);
    modelCalls =
        Counter.builder("compozy.model.calls")
            .description("calls to model providers, by provider and model")
            .withRegistry(meters);
    modelTokens =
        Counter.builder("compozy.model.tokens")
            .description("tokens sent to and received from models, by provider, model and kind")
            .withRegistry(meters);
    for (StepKind kind : StepKind.values()) {
      AtomicInteger n = new AtomicInteger();
      inFlight.put(kind, n);
      Gauge.builder("compozy.steps.in.flight", n, AtomicInteger::get)
          .description("steps a worker of this instance is running")
          .tag("type", kind.label())
          .register(meters);
    }
  }

  /** A worker took a step; call the answer's {@link Run#end} when it is done. */
  public Run start(StepKind kind) {
    inFlight.get(kind).incrementAndGet();
    return new Run(kind, System.nanoTime());
  }

  /** One step being run. */
  public final class Run {
    private final StepKind kind;
    private final long started;

    private Run(StepKind kind, long started) {
      this.kind = kind;
      this.started = started;
    }

    public void end(boolean succeeded) {
      inFlight.get(kind).decrementAndGet();
      durations
          .withTags("type", kind.label(), "outcome", StepOutcome.of(succeeded).wireName())
          .record(Duration.ofNanos(System.nanoTime() - started));
    }
  }

  public void toolRan(String tool, boolean succeeded) {
    toolRuns.withTags("tool", tool, "outcome", StepOutcome.of(succeeded).wireName()).increment();
  }

  /** {@code usage} by {@code provider:model}, as agent steps report it. */
  public void modelsUsed(Map<String, Usage> usage) {
    usage.forEach(
        (key, u) -> {
          int colon = key.indexOf(':');
          String provider = colon < 0 ? "unknown" : key.substring(0, colon);
          String model = colon < 0 ? key : key.substring(colon + 1);
          tokens(provider, model, "input").increment(u.promptTokens());
          tokens(provider, model, "output").increment(u.completionTokens());
          modelCalls.withTags("provider", provider, "model", model).increment(u.requests());
        });
  }

  private Counter tokens(String provider, String model, String kind) {
    return modelTokens.withTags("provider", provider, "model", model, "kind", kind);
  }
}
