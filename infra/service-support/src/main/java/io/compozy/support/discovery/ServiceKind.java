package io.compozy.support.discovery;

import java.util.Locale;

/** The services one service may call over HTTP, by the name the load balancer knows them by. */
public enum ServiceKind {
  REGISTRY,
  EXECUTION,
  WORKFLOW,
  SCHEDULER;

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
