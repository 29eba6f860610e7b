package io.compozy.support.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** Rounds on a tick and on a wake; a round that sends work finishes before a stop, a measuring round does not hold one. */
class BatchLoopTest {
  @Test
  void aPeriodicRoundBlockedOnAnAnswerIsInterruptedByAStopInsteadOfHoldingIt() throws Exception {
    CountDownLatch began = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    CountDownLatch ended = new CountDownLatch(1);
    BatchLoop loop = BatchLoop.periodic("blocked", Duration.ofHours(1), () -> {
      began.countDown();
      try {
        Thread.sleep(60_000); // a broker that does not answer
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
    assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(2));
    assertThat(ended.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(interrupted).isTrue();
    assertThat(loop.isRunning()).isFalse();
  }

  @Test
  void aRoundThatSendsWorkFinishesBeforeTheStopReturns() throws Exception {
    CountDownLatch began = new CountDownLatch(1);
    AtomicInteger finished = new AtomicInteger();
    BatchLoop loop = new BatchLoop("relay", Duration.ofHours(1), 10, () -> Mono.fromCallable(() -> {
      began.countDown();
      Thread.sleep(500);
      finished.incrementAndGet();
      return 1;
    }).subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()));
    loop.start();
    loop.wake();
    assertThat(began.await(5, TimeUnit.SECONDS)).isTrue();
    loop.stop();
    assertThat(finished).hasValue(1);
  }
}
