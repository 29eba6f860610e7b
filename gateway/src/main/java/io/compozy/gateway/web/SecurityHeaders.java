package io.compozy.gateway.web;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.web.server.header.ServerHttpHeadersWriter;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The security headers of every answer, as Spring Security's defaults write them (each group only
 * when the answer has none of its headers yet; no caching headers on a 304; HSTS over HTTPS only),
 * plus {@code Referrer-Policy: no-referrer}. One writer instead of Spring's six: each of those
 * copied its own header names into a new case-insensitive map on every answer.
 */
public final class SecurityHeaders implements ServerHttpHeadersWriter {
  private static final String CACHE_CONTROL = "no-cache, no-store, max-age=0, must-revalidate";

  @Override
  public Mono<Void> writeHttpHeaders(ServerWebExchange exchange) {
    ServerHttpResponse response = exchange.getResponse();
    HttpHeaders headers = response.getHeaders();
    if (response.getStatusCode() != HttpStatus.NOT_MODIFIED
        && !headers.containsHeader(HttpHeaders.CACHE_CONTROL)
        && !headers.containsHeader(HttpHeaders.PRAGMA)
        && !headers.containsHeader(HttpHeaders.EXPIRES)) {
      headers.set(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL);
      headers.set(HttpHeaders.PRAGMA, "no-cache");
      headers.set(HttpHeaders.EXPIRES, "0");
    }
    setIfAbsent(headers, "X-Content-Type-Options", "nosniff");
    if ("https".equals(exchange.getRequest().getURI().getScheme())) {
      setIfAbsent(headers, "Strict-Transport-Security", "max-age=31536000 ; includeSubDomains");
    }
    setIfAbsent(headers, "X-Frame-Options", "DENY");
    setIfAbsent(headers, "X-XSS-Protection", "0");
    setIfAbsent(headers, "Referrer-Policy", "no-referrer");
    return Mono.empty();
  }

  private static void setIfAbsent(HttpHeaders headers, String name, String value) {
    if (!headers.containsHeader(name)) {
      headers.set(name, value);
    }
  }
}
