package io.compozy.support.web;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Reads an API body as JSON when its {@code Content-Type} says nothing usable, as Compozy does (it
 * binds JSON whatever the header): missing, malformed ({@code application/json;;}), {@code
 * text/plain} or {@code application/octet-stream}. Bodies of a real other type (YAML definitions,
 * form posts) keep theirs, and webhooks keep whatever their sender wrote (their signatures cover
 * the raw request).
 */
public final class JsonContentType implements WebFilter, Ordered {
  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    var request = exchange.getRequest();
    String path = request.getPath().value();
    HttpHeaders headers = request.getHeaders();
    boolean hasBody =
        headers.getContentLength() > 0 || headers.containsHeader(HttpHeaders.TRANSFER_ENCODING);
    if (!hasBody
        || !path.startsWith("/api/")
        || path.startsWith("/api/v0/hooks/")
        || !needsJson(headers.getFirst(HttpHeaders.CONTENT_TYPE))) {
      return chain.filter(exchange);
    }
    HttpHeaders json = new HttpHeaders();
    json.putAll(headers);
    json.setContentType(MediaType.APPLICATION_JSON);
    // a decorator, not mutate(): the body (already read by RequestBodyReader) is handed on
    // untouched
    var decorated =
        new ServerHttpRequestDecorator(request) {
          @Override
          public HttpHeaders getHeaders() {
            return json;
          }
        };
    return chain.filter(exchange.mutate().request(decorated).build());
  }

  static boolean needsJson(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      return true;
    }
    try {
      MediaType type = MediaType.parseMediaType(contentType);
      return !type.isWildcardType()
          && (type.isCompatibleWith(MediaType.TEXT_PLAIN)
              || type.isCompatibleWith(MediaType.APPLICATION_OCTET_STREAM));
    } catch (InvalidMediaTypeException malformed) {
      return true;
    }
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE
        + 3; // right after the body is read, before security and handlers
  }
}
