package io.compozy.support.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Spans over OpenTelemetry's SDK, as the services make them: a message's trace continued, a child
 * on the current span, a trace named after the span ended.
 */
class TraceSpansTest {
  private final SdkTracerProvider provider = SdkTracerProvider.builder().build();
  private final Tracer otel = provider.get("test");
  private final OtelTracer tracer =
      new OtelTracer(otel, new OtelCurrentTraceContext(), event -> {});
  private final TraceSpans spans =
      new TraceSpans(
          tracer,
          new OtelPropagator(
              ContextPropagators.create(W3CTraceContextPropagator.getInstance()), otel));

  @AfterEach
  void close() {
    provider.close();
  }

  @Test
  void aSpanContinuesTheTraceItsMessageNamesAndNamesItEvenAfterItEnded() {
    String parent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    Span span = spans.start("decide startexecution", parent, Map.of("exec_id", "exec_1"));
    span.end();
    String mine = spans.traceparent(span);
    assertThat(mine)
        .startsWith("00-0af7651916cd43dd8448eb211c80319c-")
        .endsWith("-01")
        .doesNotContain("b7ad6b7169203331");
    assertThat(Traceparents.traceId(mine)).isEqualTo("0af7651916cd43dd8448eb211c80319c");
  }

  @Test
  void withoutAMessageTraceASpanStartsOneAndAChildOfTheCurrentSpanIsInIt() {
    Span root = spans.start("schedule fire w", null, Map.of());
    Span child = spans.inSpan(root, () -> spans.child("chat mock:echo", Map.of()));
    assertThat(child.context().traceId()).isEqualTo(root.context().traceId());
    assertThat(child.context().parentId()).isEqualTo(root.context().spanId());
  }

  @Test
  void withoutATracerNothingIsNamed() {
    TraceSpans none = TraceSpans.none();
    Span span =
        none.start(
            "tool shout", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", Map.of());
    assertThat(none.traceparent(span)).isNull();
    assertThat(Traceparents.traceId("not a traceparent")).isNull();
  }
}
