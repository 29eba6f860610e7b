package io.compozy.support;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * In a cluster on one machine ({@code bin/cluster}), an instance stops when its launcher is gone:
 * a launcher killed with SIGKILL cannot stop its children, and they would hold their ports and
 * keep consuming. The launcher names itself in {@code compozy.cluster.supervisor-pid}.
 */
final class SupervisorWatch implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(SupervisorWatch.class);
  private final long supervisorPid;
  private volatile Thread watcher;

  SupervisorWatch(long supervisorPid) {
    this.supervisorPid = supervisorPid;
  }

  @Override
  public void start() {
    watcher = Thread.ofPlatform().daemon().name("supervisor-watch").start(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        if (!ProcessHandle.of(supervisorPid).map(ProcessHandle::isAlive).orElse(false)) {
          log.warn("the cluster launcher (pid {}) is gone: stopping this instance", supervisorPid);
          // System.exit runs the shutdown hooks: the context closes as on SIGTERM
          System.exit(1);
        }
        try {
          Thread.sleep(Duration.ofSeconds(1));
        } catch (InterruptedException e) {
          return;
        }
      }
    });
  }

  @Override
  public void stop() {
    Thread w = watcher;
    if (w != null) {
      w.interrupt();
    }
    watcher = null;
  }

  @Override
  public boolean isRunning() {
    return watcher != null;
  }
}
