package io.compozy.support.web;

import io.micrometer.context.ContextRegistry;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Echoes the client's {@code X-Request-ID} (when it is a sane token) or makes one, sets it on the
 * response, and puts it in the Reactor context so every log line of the request carries it.
 */
public final class RequestIdFilter implements WebFilter, Ordered {
  private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String incoming = exchange.getRequest().getHeaders().getFirst(RequestIds.HEADER);
    String id =
        incoming != null && SANE.matcher(incoming).matches()
            ? incoming
            : UUID.randomUUID().toString();
    exchange.getAttributes().put(RequestIds.ATTRIBUTE, id);
    exchange.getResponse().getHeaders().set(RequestIds.HEADER, id);
    return chain.filter(exchange).contextWrite(ctx -> ctx.put(RequestIds.MDC_KEY, id));
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }

  /** Lets Reactor's automatic context propagation restore the request id into the logging MDC. */
  static void registerMdcAccessor() {
    ContextRegistry.getInstance()
        .registerThreadLocalAccessor(
            RequestIds.MDC_KEY,
            () -> MDC.get(RequestIds.MDC_KEY),
            v -> MDC.put(RequestIds.MDC_KEY, v),
            () -> MDC.remove(RequestIds.MDC_KEY));
  }
}
