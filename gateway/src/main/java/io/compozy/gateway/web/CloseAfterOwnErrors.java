package io.compozy.gateway.web;

import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Closes the connection after an error the gateway answers itself (401, 403, 429, 413, a
 * firewall 400...). Reactor Netty 1.3.7 can leave a keep-alive connection deaf to the next request
 * after a response completed synchronously (reactor-netty #4361, fixed after 1.3.8); errors the
 * gateway writes are such responses, and a fuzz test hit it. Proxied answers keep the connection.
 * Remove once a Reactor Netty with the fix is used.
 */
@Component
class CloseAfterOwnErrors implements WebFilter, Ordered {
  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    exchange.getResponse().beforeCommit(() -> {
      HttpStatusCode status = exchange.getResponse().getStatusCode();
      if (status != null && status.isError() && exchange.getAttribute(ServerWebExchangeUtils.CLIENT_RESPONSE_ATTR) == null) {
        exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
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
