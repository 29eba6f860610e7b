package io.compozy.support.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A measuring round does not hold a stop: a broker that is gone must not keep a shutdown waiting.
 */
class BatchLoopTest {
  @Test
  void aPeriodicRoundBlockedOnAnAnswerIsInterruptedByAStopInsteadOfHoldingIt() throws Exception {
    CountDownLatch began = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    CountDownLatch ended = new CountDownLatch(1);
    BatchLoop loop =
        BatchLoop.periodic(
            "blocked",
            Duration.ofHours(1),
            () -> {
              began.countDown();
              try {
                new CountDownLatch(1)
                    .await(); // a broker that never answers: only an interrupt ends the wait
              } catch (InterruptedException e) {
                interrupted.set(true);
              } finally {
                ended.countDown();
              }
            });
    loop.start();
    loop.wake();
    assertThat(began.await(5, TimeUnit.SECONDS)).isTrue();
    long before = System.nanoTime();
    loop.stop();
    // a loop that finished its round first would wait its 10 s for this one, then interrupt it
    assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(5));
    assertThat(ended.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(interrupted).isTrue();
    assertThat(loop.isRunning()).isFalse();
  }
}
