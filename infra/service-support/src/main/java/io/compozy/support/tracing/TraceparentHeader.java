package io.compozy.support.tracing;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.handler.TracingObservationHandler;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Names the trace of a request to its caller: a W3C {@code traceparent} answer header with the
 * request's server span, so an operator can open the trace of a slow call (and the execution it
 * started) in the trace store.
 */
public final class TraceparentHeader implements WebFilter, Ordered {
  public static final String HEADER = "traceparent";

  /**
   * An exchange attribute naming the request's span where no server observation made one (the
   * gateway's proxied calls).
   */
  public static final String SPAN_ATTRIBUTE = TraceparentHeader.class.getName() + ".span";

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    exchange
        .getResponse()
        .beforeCommit(
            () -> {
              String value = of(exchange);
              if (value != null) {
                // this server's span, over what a service behind it answered: the caller sees where
                // its trace starts
                exchange.getResponse().getHeaders().set(HEADER, value);
              }
              return Mono.empty();
            });
    return chain.filter(exchange);
  }

  /** The request's {@code traceparent}, or null where it is not traced. */
  public static @Nullable String of(ServerWebExchange exchange) {
    if (exchange.getAttribute(SPAN_ATTRIBUTE) instanceof Span span) {
      return format(span);
    }
    return ServerRequestObservationContext.findCurrent(exchange.getAttributes())
        .map(
            c ->
                c.<TracingObservationHandler.@Nullable TracingContext>get(
                    TracingObservationHandler.TracingContext.class))
        .map(t -> format(t.getSpan()))
        .orElse(null);
  }

  static @Nullable String format(@Nullable Span span) {
    if (span == null) {
      return null;
    }
    // not span.isNoop(): that is "not recording", which an ended span is too
    TraceContext c = span.context();
    if (c.traceId().isEmpty()
        || c.traceId().chars().allMatch(ch -> ch == '0')
        || c.spanId().isEmpty()) {
      return null;
    }
    return "00-"
        + c.traceId()
        + "-"
        + c.spanId()
        + "-"
        + (Boolean.TRUE.equals(c.sampled()) ? "01" : "00");
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }
}
