package io.compozy.support.web;

import org.slf4j.MDC;
import org.springframework.web.server.ServerWebExchange;

/** The request id of an HTTP exchange, as set by {@link RequestIdFilter}. */
public final class RequestIds {
  public static final String HEADER = "X-Request-ID";
  public static final String ATTRIBUTE = "compozy.request_id";
  public static final String MDC_KEY = "request_id";

  private RequestIds() {}

  /**
   * Puts the exchange's request id into the logging MDC until closed. Services restore thread
   * locals from the Reactor context only where asked to (restoring them on every operator cost a
   * fifth of a request's CPU), so a log line about a request sets its id itself.
   */
  public static MDC.MDCCloseable inLogs(ServerWebExchange exchange) {
    return inLogs(of(exchange));
  }

  public static MDC.MDCCloseable inLogs(String requestId) {
    return MDC.putCloseable(MDC_KEY, requestId);
  }

  public static String of(ServerWebExchange exchange) {
    Object id = exchange.getAttribute(ATTRIBUTE);
    return id == null ? "" : id.toString();
  }
}
