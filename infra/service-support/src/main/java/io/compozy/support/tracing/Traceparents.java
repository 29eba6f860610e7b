package io.compozy.support.tracing;

import io.micrometer.observation.Observation;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.tracing.handler.TracingObservationHandler;
import org.jspecify.annotations.Nullable;
import reactor.util.context.ContextView;

/**
 * W3C {@code traceparent} values where the platform carries a trace across a hop that is not an
 * HTTP call: in a Kafka record's headers ({@link io.compozy.support.kafka.RecordTraces}), and in an
 * outbox row until it is sent.
 */
public final class Traceparents {
  private Traceparents() {}

  /** The span of the observation a reactive chain runs in (a request's server span), or null. */
  public static @Nullable String of(ContextView context) {
    Object current = context.getOrDefault(ObservationThreadLocalAccessor.KEY, null);
    if (!(current instanceof Observation observation) || observation.isNoop()) {
      return null;
    }
    TracingObservationHandler.TracingContext tracing =
        observation.getContext().get(TracingObservationHandler.TracingContext.class);
    return tracing == null ? null : TraceparentHeader.format(tracing.getSpan());
  }

  /** The trace id a {@code traceparent} names (its second field), or null when it is not one. */
  public static @Nullable String traceId(@Nullable String traceparent) {
    if (traceparent == null) {
      return null;
    }
    String[] parts = traceparent.split("-");
    return parts.length == 4 && parts[1].length() == 32 ? parts[1] : null;
  }
}
