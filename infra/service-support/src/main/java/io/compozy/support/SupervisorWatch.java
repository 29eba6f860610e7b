package io.compozy.support;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * In a cluster on one machine ({@code bin/cluster}), an instance stops when its launcher is gone: a
 * launcher killed with SIGKILL cannot stop its children, and they would hold their ports and keep
 * consuming. The launcher names itself in {@code compozy.cluster.supervisor-pid}.
 */
final class SupervisorWatch implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(SupervisorWatch.class);

  /** How long a graceful stop may take once the launcher is gone, before the process halts. */
  static final Duration HALT_AFTER = Duration.ofSeconds(12);

  private final long supervisorPid;
  private volatile CompletableFuture<?> watch;

  SupervisorWatch(long supervisorPid) {
    this.supervisorPid = supervisorPid;
  }

  @Override
  public void start() {
    Optional<ProcessHandle> supervisor =
        ProcessHandle.of(supervisorPid).filter(ProcessHandle::isAlive);
    watch =
        supervisor
            .map(ProcessHandle::onExit)
            .orElseGet(() -> CompletableFuture.completedFuture(null))
            .thenRun(
                () -> {
                  log.warn(
                      "the cluster launcher (pid {}) is gone: stopping this instance",
                      supervisorPid);
                  // System.exit runs the shutdown hooks: the context closes as on SIGTERM; off this
                  // thread,
                  // which may be the one a shutdown would wait for
                  Thread.ofPlatform().start(() -> System.exit(1));
                  // a graceful close has a deadline: nobody is left to stop this instance if it
                  // hangs
                  CompletableFuture.runAsync(
                      () -> {
                        log.warn("the instance did not stop within {}: halting", HALT_AFTER);
                        Runtime.getRuntime().halt(1);
                      },
                      CompletableFuture.delayedExecutor(
                          HALT_AFTER.toMillis(),
                          TimeUnit.MILLISECONDS,
                          r -> Thread.ofPlatform().daemon().start(r)));
                });
  }

  @Override
  public void stop() {
    CompletableFuture<?> w = watch;
    if (w != null) {
      w.cancel(false);
    }
    watch = null;
  }

  @Override
  public boolean isRunning() {
    return watch != null;
  }
}
