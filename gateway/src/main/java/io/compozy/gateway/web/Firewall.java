package io.compozy.gateway.web;

import java.time.Duration;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.firewall.ServerWebExchangeFirewall;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;
import reactor.core.publisher.Mono;

/**
 * Spring Security's strict firewall, with its default rules, header characters checked by {@link
 * HeaderCharacters}. Requests it refuses (encoded dots or slashes in the path, unknown methods,
 * control characters) get a problem+json 400 and the connection is closed: the default empty 400
 * left a keep-alive connection unable to serve the next request (Reactor Netty 1.3.7).
 */
public final class Firewall {
  private Firewall() {}

  public static ServerWebExchangeFirewall strict() {
    StrictServerWebExchangeFirewall firewall = new StrictServerWebExchangeFirewall();
    firewall.setAllowedHeaderNames(HeaderCharacters::allowedName);
    firewall.setAllowedHeaderValues(HeaderCharacters::allowedValue);
    return firewall;
  }

  public static ServerExchangeRejectedHandler rejectionAnswer() {
    return (exchange, rejected) -> {
      exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
      Mono<Void> answer =
          Mono.defer(
              () ->
                  Problems.write(
                      exchange,
                      HttpStatus.BAD_REQUEST,
                      "rejected_request",
                      "Bad request",
                      "the request was refused: " + rejected.getMessage()));
      long declared = exchange.getRequest().getHeaders().getContentLength();
      if (declared <= 0 || declared > 16L * 1024 * 1024) {
        return answer;
      }
      // as for a 413: a client still sending its body when the connection closes sees a reset, not
      // the answer; read (and drop) a body of a sane size first, for a bounded time
      return exchange
          .getRequest()
          .getBody()
          .doOnNext(DataBufferUtils::release)
          .then()
          .timeout(Duration.ofSeconds(5), Mono.empty())
          .onErrorResume(e -> Mono.empty())
          .then(answer);
    };
  }
}
