package io.compozy.gateway.routing;

import io.compozy.support.tracing.TraceparentHeader;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * The gateway's span of a proxied call: it continues the caller's trace when the request names one
 * ({@code traceparent}), else starts one, and the service's own spans are its children. The server
 * observation that would make it is left out for proxied calls (it doubled their metrics, see
 * {@link RouteObservations}), so the span is made here, as Micrometer Tracing's API makes spans.
 */
final class ProxySpans {
  private final @Nullable Tracer tracer;
  private final @Nullable Propagator propagator;

  ProxySpans(@Nullable Tracer tracer, @Nullable Propagator propagator) {
    this.tracer = tracer;
    this.propagator = propagator;
  }

  /**
   * Starts the call's span and keeps it on the exchange (for the {@code traceparent} answer); null
   * when nothing traces.
   */
  @Nullable Span start(ServerWebExchange exchange, String routeId) {
    if (tracer == null || propagator == null) {
      return null;
    }
    HttpHeaders headers = exchange.getRequest().getHeaders();
    Span span =
        propagator
            .extract(headers, HttpHeaders::getFirst)
            .name(exchange.getRequest().getMethod().name() + " " + routeId)
            .kind(Span.Kind.SERVER)
            .tag("http.request.method", exchange.getRequest().getMethod().name())
            .tag("http.route", routeId)
            .tag("url.path", exchange.getRequest().getPath().value())
            .start();
    exchange.getAttributes().put(TraceparentHeader.SPAN_ATTRIBUTE, span);
    return span;
  }

  /** Names the span as the parent of the service's work in the request to the service. */
  void inject(@Nullable Span span, io.netty.handler.codec.http.HttpHeaders target) {
    if (span != null && propagator != null) {
      propagator.inject(span.context(), target, io.netty.handler.codec.http.HttpHeaders::set);
    }
  }

  static void end(@Nullable Span span, ServerWebExchange exchange, @Nullable Throwable error) {
    if (span == null) {
      return;
    }
    var status = exchange.getResponse().getStatusCode();
    if (status != null) {
      span.tag("http.response.status_code", Integer.toString(status.value()));
    }
    if (error != null) {
      span.error(error);
    }
    span.end();
  }
}
