package io.compozy.scheduler.timer;

import io.compozy.contracts.json.Json;
import io.compozy.contracts.message.TimerFired;
import io.compozy.contracts.topic.Topics;
import io.compozy.support.loop.BatchLoop;
import io.compozy.support.outbox.Outbox;
import io.compozy.support.outbox.OutboxMessage;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Fires due timers: when one is due (and whenever new timers arrive due within a tick) it takes the
 * due ones in batches and writes their {@code TimerFired} commands to the outbox in the same
 * transaction. Between firings it knows the earliest time still pending (from the database after
 * each firing, and from the timers this instance stores) and leaves the database alone until then;
 * a look every {@link #CHECK} finds timers other replicas stored.
 */
@Component
class TimerFiring implements SmartLifecycle {
  private static final int BATCH = 500;
  static final Duration TICK = Duration.ofMillis(50);
  private static final Duration CHECK = Duration.ofSeconds(1);
  private static final long FORGET_EVERY_TICKS = 1_200; // about a minute

  private final TimerStore store;
  private final Outbox outbox;
  private final TransactionalOperator tx;
  private final Clock clock;
  private final BatchLoop loop;
  private final AtomicLong ticks = new AtomicLong();

  /** Epoch millis of the earliest pending timer known here; 0 when unknown (look now). */
  private final AtomicLong nextDue = new AtomicLong();

  private volatile long nextCheck;

  private final Timer lateness;

  TimerFiring(
      TimerStore store,
      Outbox outbox,
      TransactionalOperator tx,
      Clock clock,
      MeterRegistry meters) {
    this.lateness =
        Timer.builder("compozy.timer.lateness")
            .description("how long after its time a timer fired (retries, waits, timeouts)")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofMinutes(5))
            .register(meters);
    this.store = store;
    this.outbox = outbox;
    this.tx = tx;
    this.clock = clock;
    this.loop = new BatchLoop("timers", TICK, BATCH, this::fireOnce);
  }

  /**
   * Timers were stored, the earliest due at {@code earliest}: fire at once if that is within a
   * tick.
   */
  void stored(Instant earliest) {
    long at = nextDue.accumulateAndGet(earliest.toEpochMilli(), Math::min);
    if (at <= clock.millis() + TICK.toMillis()) {
      loop.wake();
    }
  }

  private Mono<Integer> fireOnce() {
    long now = clock.millis();
    // fired timers are kept a day (a duplicate request that late finds them), then forgotten
    Mono<Long> forget =
        ticks.incrementAndGet() % FORGET_EVERY_TICKS == 0
            ? store.forgetFired(Duration.ofDays(1))
            : Mono.just(0L);
    if (now < nextDue.get() && now < nextCheck) {
      return forget.thenReturn(0);
    }
    nextCheck = now + CHECK.toMillis();
    // from here on, timers stored meanwhile lower it again; the database's answer joins them below
    nextDue.set(Long.MAX_VALUE);
    Mono<Integer> batch =
        store
            .takeDue(BATCH)
            .doOnNext(due -> lateness.record(due.late()))
            .map(due -> command(due.fired(), due.traceparent()))
            .collectList()
            .flatMap(commands -> outbox.append(commands).thenReturn(commands.size()));
    return forget
        .then(tx.transactional(batch))
        .flatMap(
            n ->
                store
                    .earliestPending()
                    .doOnNext(at -> nextDue.accumulateAndGet(at.toEpochMilli(), Math::min))
                    .thenReturn(n))
        .doOnNext(
            n -> {
              if (n > 0) {
                outbox.wake();
              }
            })
        .doOnError(e -> nextDue.set(0));
  }

  private static OutboxMessage command(TimerFired fired, @Nullable String traceparent) {
    return new OutboxMessage(
        Topics.COMMANDS, fired.execId(), fired.messageId(), Json.write(fired), traceparent);
  }

  @Override
  public void start() {
    loop.start();
  }

  @Override
  public void stop() {
    loop.stop();
  }

  @Override
  public boolean isRunning() {
    return loop.isRunning();
  }
}
