package io.compozy.support.web;

import java.util.List;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Web filters run one after the other, then the rest of the chain. WebFlux's own chain wraps every
 * filter of every request in a checkpoint named by a string it builds each time: a layer of
 * operators per filter that every later context lookup walks through. This one defers each filter
 * to its subscription, as WebFlux's does, and gives it the request's context at hand (see {@link
 * Link#filter}).
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
    return chain(filters, chain).filter(exchange);
  }

  /**
   * A chain that runs {@code filters} in their order, then {@code end}; for lists made per request.
   */
  public static WebFilterChain chain(List<WebFilter> filters, WebFilterChain end) {
    return new Link(filters, 0, end);
  }

  @Override
  public String toString() {
    return name;
  }

  private record Link(List<WebFilter> filters, int index, WebFilterChain end)
      implements WebFilterChain {
    @Override
    public Mono<Void> filter(ServerWebExchange exchange) {
      return Mono.defer(
              () ->
                  index < filters.size()
                      ? filters.get(index).filter(exchange, new Link(filters, index + 1, end))
                      : end.filter(exchange))
          // Reactor operators find the context (and the discard hook in it, looked up for every
          // element some operators drop) by asking the next subscriber, down to the server's: a
          // walk through every operator of every filter before. Written here, the context is
          // read once per filter and the walks end at the nearest one.
          .contextWrite(context -> context);
    }
  }
}
