package io.compozy.support.web;

import io.compozy.support.problem.ApiProblem;
import java.util.List;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * A query parameter with a NUL character (U+0000, {@code %00}) is a 400 naming the parameter:
 * Postgres takes no NUL in text, so it would fail as a 500 wherever it reached a query.
 */
public final class QueryCharactersFilter implements WebFilter, Ordered {
  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    if (exchange.getRequest().getURI().getRawQuery() == null) {
      return chain.filter(exchange);
    }
    for (Map.Entry<String, List<String>> parameter :
        exchange.getRequest().getQueryParams().entrySet()) {
      if (hasNul(parameter.getKey())
          || parameter.getValue().stream().anyMatch(v -> v != null && hasNul(v))) {
        String name = parameter.getKey().replace("\0", "\\u0000");
        // the body is read (and dropped) before the answer: an answer that closes the connection
        // while the client still sends its body is lost to the client ("received no bytes")
        return UnreadBody.drain(exchange.getRequest())
            .then(
                Mono.error(
                    ApiProblem.badRequest(
                            "invalid_parameter",
                            "query parameter '" + name + "' contains a NUL character (%00)")
                        .with("field", name)));
      }
    }
    return chain.filter(exchange);
  }

  private static boolean hasNul(String text) {
    return text.indexOf('\0') >= 0;
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE + 1; // after the request id, which the answer carries
  }
}
