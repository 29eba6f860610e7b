package io.compozy.support.web;

/** Exposes the MDC accessor registration to the auto-configuration without making it API. */
public final class RequestIdFilterAccess {
  private RequestIdFilterAccess() {}

  public static void registerMdcAccessor() {
    RequestIdFilter.registerMdcAccessor();
  }
}
