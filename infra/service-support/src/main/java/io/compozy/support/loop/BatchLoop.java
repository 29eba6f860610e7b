package io.compozy.support.loop;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * Runs a round of batched work on every tick and whenever woken, one round at a time; a round that
 * handled a full batch is followed at once by another. A failed round leaves its work in place (its
 * transaction rolled back) and the next tick tries again.
 */
public final class BatchLoop {
  private static final Logger log = LoggerFactory.getLogger(BatchLoop.class);

  private final String name;
  private final Duration tick;
  private final int batch;
  private final Supplier<Mono<Integer>> round;

  /**
   * A round that sends work finishes before a stop; a round that only measures is dropped at once.
   */
  private final boolean finishesRoundOnStop;

  private final Sinks.Many<Boolean> wakeups = Sinks.many().multicast().directBestEffort();
  private volatile Disposable running;
  private volatile Sinks.Empty<Void> stopping;
  private volatile CountDownLatch stopped;

  /** {@code round} does up to {@code batch} items and tells how many it did. */
  public BatchLoop(String name, Duration tick, int batch, Supplier<Mono<Integer>> round) {
    this(name, tick, batch, round, true);
  }

  private BatchLoop(
      String name,
      Duration tick,
      int batch,
      Supplier<Mono<Integer>> round,
      boolean finishesRoundOnStop) {
    this.name = name;
    this.tick = tick;
    this.batch = batch;
    this.round = round;
    this.finishesRoundOnStop = finishesRoundOnStop;
  }

  /**
   * A loop whose round is {@code work}, which blocks (waits on a broker's or a health check's
   * answer): it runs every {@code every}, and when woken, on a thread that may block.
   */
  public static BatchLoop periodic(String name, Duration every, Runnable work) {
    // a stop interrupts the round (a broker that is gone would hold it for its deadline)
    return new BatchLoop(
        name,
        every,
        Integer.MAX_VALUE,
        () -> Mono.fromRunnable(work).subscribeOn(Schedulers.boundedElastic()).thenReturn(0),
        false);
  }

  public void wake() {
    wakeups.tryEmitNext(Boolean.TRUE);
  }

  private Mono<Void> drain() {
    return round
        .get()
        .expand(n -> n >= batch ? round.get() : Mono.empty())
        .then()
        // deliberate fallback: the work stays where it was and the next tick retries it
        .onErrorResume(
            e -> {
              log.warn("{}: a round failed; will retry: {}", name, e.toString());
              return Mono.empty();
            });
  }

  public synchronized void start() {
    if (running == null) {
      Sinks.Empty<Void> stop = Sinks.empty();
      CountDownLatch done = new CountDownLatch(1);
      stopping = stop;
      stopped = done;
      running =
          Flux.merge(wakeups.asFlux(), Flux.interval(tick).map(t -> Boolean.TRUE))
              .takeUntilOther(stop.asMono())
              .onBackpressureLatest()
              .concatMap(x -> drain(), 1)
              .doFinally(signal -> done.countDown())
              .subscribe();
    }
  }

  /**
   * Stops after the round in progress: a round cut short after it sent its work but before it
   * committed would send that work again on the next start (at-least-once, but avoidable here).
   */
  public synchronized void stop() {
    if (running != null && !finishesRoundOnStop) {
      running.dispose();
      running = null;
      return;
    }
    if (running != null) {
      stopping.tryEmitEmpty();
      try {
        if (!stopped.await(10, TimeUnit.SECONDS)) {
          running.dispose();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        running.dispose();
      }
      running = null;
    }
  }

  public boolean isRunning() {
    return running != null;
  }
}
