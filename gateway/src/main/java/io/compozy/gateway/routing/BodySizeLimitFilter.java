package io.compozy.gateway.routing;

import io.compozy.gateway.web.Problems;
import io.compozy.support.problem.ApiProblem;
import io.compozy.support.web.UnreadBody;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Refuses bodies above the limit with 413: before routing when {@code Content-Length} says so, and
 * while streaming when a chunked body grows past it, so no service ever reads more than the limit.
 */
@Component
class BodySizeLimitFilter implements WebFilter, Ordered {
  /** Bodies declared larger than this are refused without reading them at all. */
  private static final long DRAIN_AT_MOST = UnreadBody.MAX_DRAINED;

  private final long limit;

  BodySizeLimitFilter(@Value("${compozy.gateway.max-body-size:1MB}") DataSize limit) {
    this.limit = limit.toBytes();
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    long declared = exchange.getRequest().getHeaders().getContentLength();
    if (declared > limit) {
      // the unread body would otherwise be taken for the next request on this connection
      exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
      Mono<Void> answer =
          Mono.defer(
              () ->
                  Problems.write(
                      exchange,
                      HttpStatus.CONTENT_TOO_LARGE,
                      "payload_too_large",
                      "Content too large",
                      message()));
      if (declared > DRAIN_AT_MOST) {
        return answer;
      }
      // A client still sending when the answer comes and the connection closes sees a reset, not
      // the 413: read (and drop) a body of a sane size first, for a bounded time.
      return UnreadBody.drain(exchange.getRequest()).then(answer);
    }
    if (declared >= 0
        || !exchange.getRequest().getHeaders().containsHeader(HttpHeaders.TRANSFER_ENCODING)) {
      // a declared length within the limit, or no body at all (HTTP/1.1 has one only with a
      // Content-Length or a Transfer-Encoding): nothing to count
      return chain.filter(exchange);
    }
    AtomicLong seen = new AtomicLong();
    var request =
        new ServerHttpRequestDecorator(exchange.getRequest()) {
          @Override
          public Flux<DataBuffer> getBody() {
            return super.getBody()
                .map(
                    buffer -> {
                      if (seen.addAndGet(buffer.readableByteCount()) > limit) {
                        DataBufferUtils.release(buffer);
                        exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
                        throw new ApiProblem(
                            HttpStatus.CONTENT_TOO_LARGE,
                            "payload_too_large",
                            "Content too large",
                            message(),
                            Map.of());
                      }
                      return buffer;
                    });
          }
        };
    return chain.filter(exchange.mutate().request(request).build());
  }

  private String message() {
    return "the request body is larger than the limit of " + limit + " bytes";
  }

  @Override
  public int getOrder() {
    // before authentication: an oversized body is refused without reading it
    return Ordered.HIGHEST_PRECEDENCE + 10;
  }
}
