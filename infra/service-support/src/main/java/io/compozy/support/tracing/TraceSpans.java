package io.compozy.support.tracing;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Spans of the work a message brings (a decision, a tool run, a model call), continuing the trace
 * the message names in its {@code traceparent}: so an execution is one trace across every Kafka
 * hop, whatever instance and service handle it. Without a tracer every span is a no-op.
 */
public final class TraceSpans {
  private final @Nullable Tracer tracer;
  private final @Nullable Propagator propagator;

  public TraceSpans(@Nullable Tracer tracer, @Nullable Propagator propagator) {
    this.tracer = tracer;
    this.propagator = propagator;
  }

  /** Nothing traced: every span a no-op (tests of one part, tools without tracing). */
  public static TraceSpans none() {
    return new TraceSpans(null, null);
  }

  /**
   * Starts a span under {@code traceparent} (a new trace when null); end it when the work is done.
   */
  public Span start(String name, @Nullable String traceparent, Map<String, String> tags) {
    if (tracer == null || propagator == null) {
      return Span.NOOP;
    }
    Span.Builder builder =
        traceparent == null
            ? tracer.spanBuilder()
            : propagator.extract(Map.of(TraceparentHeader.HEADER, traceparent), Map::get);
    builder.name(name).kind(Span.Kind.CONSUMER);
    tags.forEach(builder::tag);
    return builder.start();
  }

  /**
   * Runs {@code work} with {@code span} current on this thread: what it records in a histogram
   * carries the span's trace as an exemplar (Prometheus's OpenMetrics format shows it).
   */
  public void inSpan(Span span, Runnable work) {
    if (tracer == null) {
      work.run();
      return;
    }
    try (Tracer.SpanInScope ignored = tracer.withSpan(span)) {
      work.run();
    }
  }

  /** As {@link #inSpan(Span, Runnable)}, for work that answers. */
  public <T> T inSpan(Span span, Supplier<T> work) {
    if (tracer == null) {
      return work.get();
    }
    try (Tracer.SpanInScope ignored = tracer.withSpan(span)) {
      return work.get();
    }
  }

  /**
   * Starts a span under the one current on this thread (see {@link #inSpan}), a new trace when none
   * is.
   */
  public Span child(String name, Map<String, String> tags) {
    if (tracer == null) {
      return Span.NOOP;
    }
    Span.Builder builder = tracer.spanBuilder().name(name).kind(Span.Kind.CLIENT);
    Span current = tracer.currentSpan();
    if (current != null) {
      builder.setParent(current.context());
    }
    tags.forEach(builder::tag);
    return builder.start();
  }

  /**
   * Records a span of work another process timed (a tool's run inside the Node.js process): a child
   * of {@code parent}'s trace, with the start and end that process measured.
   */
  public void recorded(
      String name, @Nullable String parent, Instant start, Instant end, Map<String, String> tags) {
    if (tracer == null || propagator == null || parent == null) {
      return;
    }
    Span.Builder builder =
        propagator
            .extract(Map.of(TraceparentHeader.HEADER, parent), Map::get)
            .name(name)
            .kind(Span.Kind.SERVER)
            .startTimestamp(micros(start), TimeUnit.MICROSECONDS);
    tags.forEach(builder::tag);
    builder.start().end(micros(end), TimeUnit.MICROSECONDS);
  }

  private static long micros(Instant at) {
    return TimeUnit.SECONDS.toMicros(at.getEpochSecond()) + at.getNano() / 1_000;
  }

  /** The {@code traceparent} of the span current on this thread, null when none is. */
  public @Nullable String currentTraceparent() {
    return tracer == null ? null : TraceparentHeader.format(tracer.currentSpan());
  }

  /**
   * The {@code traceparent} that makes the next hop's spans children of {@code span}; null for a
   * no-op span.
   */
  public @Nullable String traceparent(Span span) {
    return TraceparentHeader.format(span);
  }
}
