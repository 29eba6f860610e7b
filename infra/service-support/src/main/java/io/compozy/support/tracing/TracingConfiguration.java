package io.compozy.support.tracing;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * What the services add to Spring Boot's tracing (Micrometer Tracing over OpenTelemetry, spans
 * exported by Boot to OTLP or Zipkin where an endpoint is set): the trace named in answers.
 */
@AutoConfiguration
@ConditionalOnClass(name = "io.micrometer.tracing.handler.TracingObservationHandler")
public class TracingConfiguration {

  @Bean
  TraceSpans traceSpans(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
    return new TraceSpans(tracer.getIfAvailable(), propagator.getIfAvailable());
  }

  @Bean
  TraceparentHeader traceparentHeader() {
    return new TraceparentHeader();
  }
}
