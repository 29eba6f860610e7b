package io.compozy.scheduler.timer;

import io.compozy.contracts.json.Json;
import io.compozy.contracts.message.TimerFired;
import io.compozy.contracts.topic.Topics;
import io.compozy.support.loop.BatchLoop;
import io.compozy.support.outbox.Outbox;
import io.compozy.support.outbox.OutboxMessage;
import java.time.Duration;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Fires due timers: every tick (and whenever new timers arrive) it takes the due ones in batches
 * and writes their {@code TimerFired} commands to the outbox in the same transaction.
 */
@Component
class TimerFiring implements SmartLifecycle {
  private static final int BATCH = 500;
  private static final Duration TICK = Duration.ofMillis(50);

  private final TimerStore store;
  private final Outbox outbox;
  private final TransactionalOperator tx;
  private final BatchLoop loop;
  private static final long FORGET_EVERY_TICKS = 1_200; // about a minute
  private final java.util.concurrent.atomic.AtomicLong ticks = new java.util.concurrent.atomic.AtomicLong();

  TimerFiring(TimerStore store, Outbox outbox, TransactionalOperator tx) {
    this.store = store;
    this.outbox = outbox;
    this.tx = tx;
    this.loop = new BatchLoop("timers", TICK, BATCH, this::fireOnce);
  }

  void wake() {
    loop.wake();
  }

  private Mono<Integer> fireOnce() {
    // fired timers are kept a day (a duplicate request that late finds them), then forgotten
    Mono<Long> forget = ticks.incrementAndGet() % FORGET_EVERY_TICKS == 0 ? store.forgetFired(Duration.ofDays(1)) : Mono.just(0L);
    Mono<Integer> batch = store.takeDue(BATCH)
        .map(TimerFiring::command)
        .collectList()
        .flatMap(commands -> outbox.append(commands).thenReturn(commands.size()));
    return forget.then(tx.transactional(batch)).doOnNext(n -> {
      if (n > 0) {
        outbox.wake();
      }
    });
  }

  private static OutboxMessage command(TimerFired fired) {
    return new OutboxMessage(Topics.COMMANDS, fired.execId(), fired.messageId(), Json.write(fired));
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
