package io.compozy.gateway.auth;

import io.compozy.support.web.WebFilterSequence;
import java.util.List;
import java.util.Objects;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.firewall.ServerWebExchangeFirewall;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Spring Security's web filters on every request, in place of its {@code WebFilterChainProxy}: the
 * firewall first, then the filters of the gateway's one security chain, which matches every
 * request. The proxy, made for any number of chains, asked each chain whether it matched and for a
 * new list of its filters on every request (filterWhen, collectList, and the context lookups they
 * make: several per cent of the event loops' CPU in a profile); this list is taken once.
 */
final class SecurityFilterSequence implements WebFilter {
  private final List<WebFilter> filters;
  private final ServerWebExchangeFirewall firewall;
  private final ServerExchangeRejectedHandler rejected;

  SecurityFilterSequence(
      SecurityWebFilterChain chain,
      ServerWebExchangeFirewall firewall,
      ServerExchangeRejectedHandler rejected) {
    this.filters = List.copyOf(Objects.requireNonNull(chain.getWebFilters().collectList().block()));
    this.firewall = firewall;
    this.rejected = rejected;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    return firewall
        .getFirewalledExchange(exchange)
        .flatMap(checked -> WebFilterSequence.chain(filters, chain).filter(checked))
        .onErrorResume(ServerExchangeRejectedException.class, e -> rejected.handle(exchange, e));
  }

  @Override
  public String toString() {
    return "SecurityFilterSequence";
  }
}
