package io.compozy.support.web;

import io.compozy.support.problem.ApiProblem;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A service reads a request's whole body before handling it (bodies are bounded: the gateway
 * refuses more than 1 MiB). An answer given before the body was read (an unknown route, a refused
 * token, a bad parameter) would otherwise close the connection (see {@link CloseAfterErrors}) while
 * the gateway was still sending the body: the gateway lost the answer ("closed BEFORE response,
 * while sending request body") and counted it against the service's circuit breaker, so one
 * caller's bad request refused everyone's. Runs first, before security.
 */
public final class RequestBodyReader implements WebFilter, Ordered {
  private final int maxBytes;

  public RequestBodyReader(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    HttpHeaders headers = exchange.getRequest().getHeaders();
    if (headers.getContentLength() <= 0 && !headers.containsHeader(HttpHeaders.TRANSFER_ENCODING)) {
      return chain.filter(exchange);
    }
    return DataBufferUtils.join(exchange.getRequest().getBody(), maxBytes)
        .onErrorMap(
            DataBufferLimitException.class,
            e ->
                new ApiProblem(
                    HttpStatus.CONTENT_TOO_LARGE,
                    "body_too_large",
                    "Content too large",
                    "the body is larger than " + maxBytes + " bytes",
                    Map.of()))
        .map(Optional::of)
        .defaultIfEmpty(Optional.empty())
        .flatMap(
            read -> {
              if (read.isEmpty()) {
                return chain.filter(exchange);
              }
              DataBuffer body = read.get();
              AtomicBoolean handedOn = new AtomicBoolean();
              ServerHttpRequest request =
                  new ServerHttpRequestDecorator(exchange.getRequest()) {
                    @Override
                    public Flux<DataBuffer> getBody() {
                      // handed on once: whoever reads it releases it, as with the connection's own
                      // body
                      return Flux.defer(
                          () ->
                              handedOn.compareAndSet(false, true) ? Flux.just(body) : Flux.empty());
                    }
                  };
              return chain
                  .filter(exchange.mutate().request(request).build())
                  .doFinally(
                      signal -> {
                        if (handedOn.compareAndSet(false, true)) {
                          DataBufferUtils.release(body);
                        }
                      });
            });
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE
        + 2; // after the request id and the query check, before security
  }
}
