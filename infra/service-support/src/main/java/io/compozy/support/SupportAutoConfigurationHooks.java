package io.compozy.support;

import io.compozy.support.web.RequestIdFilterAccess;
import java.util.concurrent.atomic.AtomicBoolean;

/** One-time JVM hooks: several services may share a JVM (standalone mode), so install once. */
final class SupportAutoConfigurationHooks {
  private static final AtomicBoolean INSTALLED = new AtomicBoolean();

  private SupportAutoConfigurationHooks() {}

  static void install() {
    if (INSTALLED.compareAndSet(false, true)) {
      RequestIdFilterAccess.registerMdcAccessor();
    }
  }
}
