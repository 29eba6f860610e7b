package io.compozy.support.web;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Closes the connection after an error answer (4xx or 5xx) this application wrote itself. Reactor
 * Netty 1.3.7 can leave a keep-alive connection deaf to the next request after a response that
 * completed synchronously (reactor-netty #4361, fixed after 1.3.8); error answers are such
 * responses. Clients (the gateway's pool included) then hung until their timeout: a fuzz test and
 * an API test found it. Answers the gateway proxies keep their connection. Remove this filter once
 * a Reactor Netty with the fix is used.
 */
public final class CloseAfterErrors implements WebFilter, Ordered {
  /**
   * Spring Cloud Gateway's exchange attribute for a proxied response (named here to avoid the
   * dependency).
   */
  static final String PROXIED =
      "org.springframework.cloud.gateway.support.ServerWebExchangeUtils.gatewayClientResponse";

  private final boolean everyOwnAnswer;

  /** Closes after the application's own error answers. */
  public CloseAfterErrors() {
    this(false);
  }

  /**
   * With {@code everyOwnAnswer}, closes after every answer the application writes itself, errors or
   * not (the gateway: its own answers — CORS preflights, health, keys — complete synchronously too,
   * and fuzzed clients met the stall after them; proxied answers keep their connection).
   */
  public CloseAfterErrors(boolean everyOwnAnswer) {
    this.everyOwnAnswer = everyOwnAnswer;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    exchange
        .getResponse()
        .beforeCommit(
            () -> {
              HttpStatusCode status = exchange.getResponse().getStatusCode();
              if ((everyOwnAnswer || status != null && status.isError())
                  && exchange.getAttribute(PROXIED) == null) {
                exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
                // Reactor Netty closes as soon as a closing answer is written: a client still
                // sending its
                // body then meets a reset and loses the answer, so what nobody read is read first
                return UnreadBody.drain(exchange.getRequest());
              }
              return Mono.empty();
            });
    return chain.filter(exchange);
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }
}
