package io.compozy.support.web;

import org.springframework.web.server.ServerWebExchange;

/** The request id of an HTTP exchange, as set by {@link RequestIdFilter}. */
public final class RequestIds {
  public static final String HEADER = "X-Request-ID";
  public static final String ATTRIBUTE = "compozy.request_id";
  public static final String MDC_KEY = "request_id";

  private RequestIds() {}

  public static String of(ServerWebExchange exchange) {
    Object id = exchange.getAttribute(ATTRIBUTE);
    return id == null ? "" : id.toString();
  }
}
