package io.compozy.support.web;

import java.util.List;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Web filters run one after the other, then the rest of the chain. WebFlux's own chain wraps every
 * filter of every request in a checkpoint named by a string it builds each time: a layer of
 * operators per filter that every later context lookup walks through. This one only defers each
 * filter to its subscription, as WebFlux's does.
 */
public final class WebFilterSequence implements WebFilter {
  private final List<WebFilter> filters;
  /** Built once: WebFlux's chain names the filters it holds on every request. */
  private final String name;

  public WebFilterSequence(List<? extends WebFilter> filters) {
    this.filters = List.copyOf(filters);
    this.name = "WebFilterSequence" + this.filters;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    return then(chain).filter(exchange);
  }

  /** A chain that runs these filters, then {@code end}. */
  public WebFilterChain then(WebFilterChain end) {
    return new Link(0, end);
  }

  @Override
  public String toString() {
    return name;
  }

  private final class Link implements WebFilterChain {
    private final int index;
    private final WebFilterChain end;

    Link(int index, WebFilterChain end) {
      this.index = index;
      this.end = end;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange) {
      return Mono.defer(() -> index < filters.size() ? filters.get(index).filter(exchange, new Link(index + 1, end)) : end.filter(exchange));
    }
  }
}
