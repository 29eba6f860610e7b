package io.compozy.execution.worker;

import io.compozy.contracts.message.StepSucceeded.Usage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
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
  /** The kinds of step a worker runs. */
  public enum Kind {
    TOOL, AGENT, MEMORY;

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final MeterRegistry meters;
  private final Map<Kind, AtomicInteger> inFlight = new ConcurrentHashMap<>();

  public StepMetrics(MeterRegistry meters) {
    this.meters = meters;
    for (Kind kind : Kind.values()) {
      AtomicInteger n = new AtomicInteger();
      inFlight.put(kind, n);
      Gauge.builder("compozy.steps.in.flight", n, AtomicInteger::get).description("steps a worker of this instance is running")
          .tag("type", kind.label()).register(meters);
    }
  }

  /** A worker took a step; call the answer's {@link Run#end} when it is done. */
  public Run start(Kind kind) {
    inFlight.get(kind).incrementAndGet();
    return new Run(kind, System.nanoTime());
  }

  /** One step being run. */
  public final class Run {
    private final Kind kind;
    private final long started;

    private Run(Kind kind, long started) {
      this.kind = kind;
      this.started = started;
    }

    public void end(boolean succeeded) {
      inFlight.get(kind).decrementAndGet();
      Timer.builder("compozy.step.duration").description("a step's run in its worker, by kind of step and outcome")
          .tag("type", kind.label()).tag("outcome", succeeded ? "succeeded" : "failed").publishPercentileHistogram()
          .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(10))
          .register(meters).record(Duration.ofNanos(System.nanoTime() - started));
    }
  }

  public void toolRan(String tool, boolean succeeded) {
    Counter.builder("compozy.tool.runs").description("tool runs, by tool and outcome")
        .tag("tool", tool).tag("outcome", succeeded ? "succeeded" : "failed").register(meters).increment();
  }

  /** {@code usage} by {@code provider:model}, as agent steps report it. */
  public void modelsUsed(Map<String, Usage> usage) {
    usage.forEach((key, u) -> {
      int colon = key.indexOf(':');
      String provider = colon < 0 ? "unknown" : key.substring(0, colon);
      String model = colon < 0 ? key : key.substring(colon + 1);
      tokens(provider, model, "input").increment(u.promptTokens());
      tokens(provider, model, "output").increment(u.completionTokens());
      Counter.builder("compozy.model.calls").description("calls to model providers, by provider and model")
          .tag("provider", provider).tag("model", model).register(meters).increment(u.requests());
    });
  }

  private Counter tokens(String provider, String model, String kind) {
    return Counter.builder("compozy.model.tokens").description("tokens sent to and received from models, by provider, model and kind")
        .tag("provider", provider).tag("model", model).tag("kind", kind).register(meters);
  }
}
