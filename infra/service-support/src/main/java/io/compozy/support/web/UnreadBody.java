package io.compozy.support.web;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import reactor.core.publisher.Mono;

/**
 * Reads and drops what is left of a request's body before an answer that did not need it. A server
 * that answers and closes while the client is still sending resets the connection, and the client
 * loses the answer it was sent ("header parser received no bytes"): the fuzz test found it with
 * refused queries, oversized bodies and the gateway's own 4xx answers to large bodies.
 */
public final class UnreadBody {
  /** The most a refused request's body is read; past it the connection is the server's to drop. */
  public static final long MAX_DRAINED = 16L * 1024 * 1024;

  /** How long a slow client may take to finish sending before it is dropped. */
  public static final Duration MAX_TIME = Duration.ofSeconds(5);

  private UnreadBody() {}

  /**
   * Whether the request has a body at all: in HTTP/1.1 only with a Content-Length or a
   * Transfer-Encoding.
   */
  public static boolean mayHaveBody(ServerHttpRequest request) {
    HttpHeaders headers = request.getHeaders();
    return headers.getContentLength() > 0 || headers.containsHeader(HttpHeaders.TRANSFER_ENCODING);
  }

  /**
   * Drains the body, bounded in bytes and time; a body someone already read (the connection allows
   * one reader) or that fails is left alone.
   */
  public static Mono<Void> drain(ServerHttpRequest request) {
    if (!mayHaveBody(request)) {
      return Mono.empty();
    }
    AtomicLong seen = new AtomicLong();
    // each buffer is released as it comes and only its size goes on: the caller's context may hold
    // a discard hook (a response being written has one) that would release ignored buffers again
    return request
        .getBody()
        .map(
            b -> {
              long total = seen.addAndGet(b.readableByteCount());
              DataBufferUtils.release(b);
              return total;
            })
        .takeWhile(total -> total < MAX_DRAINED)
        .then()
        .timeout(MAX_TIME, Mono.empty())
        .onErrorResume(e -> Mono.empty());
  }
}
