package io.compozy.execution.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.compozy.support.tracing.TraceSpans;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A script tool's run inside the Node.js process is a span of the step's trace, timed by that
 * process (the wait for a free process is not in it), and the tool is handed the traceparent to
 * pass on to what it calls.
 */
class NodeToolTracingTest {
  private final List<SpanData> ended = new CopyOnWriteArrayList<>();
  private final SdkTracerProvider provider =
      SdkTracerProvider.builder()
          .addSpanProcessor(
              SimpleSpanProcessor.create(
                  new SpanExporter() {
                    @Override
                    public CompletableResultCode export(Collection<SpanData> spans) {
                      ended.addAll(spans);
                      return CompletableResultCode.ofSuccess();
                    }

                    @Override
                    public CompletableResultCode flush() {
                      return CompletableResultCode.ofSuccess();
                    }

                    @Override
                    public CompletableResultCode shutdown() {
                      return CompletableResultCode.ofSuccess();
                    }
                  }))
          .build();
  private final Tracer otel = provider.get("test");
  private final TraceSpans spans =
      new TraceSpans(
          new OtelTracer(otel, new OtelCurrentTraceContext(), event -> {}),
          new OtelPropagator(
              ContextPropagators.create(W3CTraceContextPropagator.getInstance()), otel));
  private NodeToolRunner runner;

  @AfterEach
  void stop() {
    if (runner != null) {
      runner.destroy();
    }
    provider.close();
  }

  @Test
  void aToolsRunInNodeIsAChildOfTheStepsSpanTimedByTheProcessAndTheToolSeesItsTraceparent(
      @TempDir Path dir) throws Exception {
    Path tools = dir.resolve("tools.js");
    Files.writeString(
        tools,
        """
        export default {
          nap: async (input, config, context) => new Promise((resolve) => setTimeout(() => resolve({ traceparent: \
        context.traceparent }), 200)),
        };
        """);
    runner =
        new NodeToolRunner(
            new ToolWorkerProperties("node", Duration.ofSeconds(10), Duration.ofSeconds(20)),
            spans);
    Span step =
        spans.start(
            "tool nap", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", Map.of());
    Instant before = Instant.now();
    ToolOutcome outcome =
        spans
            .inSpan(
                step,
                () -> runner.run(NodeToolRunnerTest.step("nap", Map.of(), tools), Instant.now()))
            .join();
    Instant after = Instant.now();
    step.end();

    String stepTraceparent = spans.traceparent(step);
    assertThat(outcome)
        .isEqualTo(new ToolOutcome.Succeeded(Map.of("traceparent", stepTraceparent)));
    SpanData node =
        ended.stream().filter(s -> s.getName().equals("node nap")).findFirst().orElseThrow();
    assertThat(node.getTraceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
    assertThat(node.getParentSpanId()).isEqualTo(step.context().spanId());
    assertThat(node.getAttributes().asMap().toString()).contains("exec_1").contains("runtime=node");
    long ranNanos = node.getEndEpochNanos() - node.getStartEpochNanos();
    // the tool waited 200 ms; the process's start (a second or so) is outside the span
    assertThat(TimeUnit.NANOSECONDS.toMillis(ranNanos))
        .isBetween(190L, Duration.between(before, after).toMillis());
    assertThat(node.getStartEpochNanos())
        .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(before.toEpochMilli()));
  }

  @Test
  void withoutATraceTheToolGetsNoTraceparentAndNothingIsRecorded(@TempDir Path dir)
      throws Exception {
    Path tools = dir.resolve("tools.js");
    Files.writeString(
        tools,
        "export default { peek: async (input, config, context) => ({ traceparent:"
            + " context.traceparent }) };\n");
    runner =
        new NodeToolRunner(
            new ToolWorkerProperties("node", Duration.ofSeconds(10), Duration.ofSeconds(20)),
            spans);
    ToolOutcome outcome =
        runner.run(NodeToolRunnerTest.step("peek", Map.of(), tools), Instant.now()).join();
    assertThat(outcome)
        .isInstanceOfSatisfying(
            ToolOutcome.Succeeded.class,
            s -> assertThat(s.output().toString()).isEqualTo("{traceparent=null}"));
    assertThat(ended).isEmpty();
  }
}
