package io.compozy.scheduler.timer;

import io.compozy.contracts.json.Json;
import io.compozy.contracts.message.TimerFired;
import io.compozy.contracts.topic.Topics;
import io.compozy.support.outbox.Outbox;
import io.compozy.support.outbox.OutboxMessage;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Fires due timers: every tick (and whenever new timers arrive) it takes the due ones in batches
 * and writes their {@code TimerFired} commands to the outbox in the same transaction.
 */
@Component
class TimerFiring implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(TimerFiring.class);
  private static final int BATCH = 500;
  private static final Duration TICK = Duration.ofMillis(50);

  private final TimerStore store;
  private final Outbox outbox;
  private final TransactionalOperator tx;
  private final Sinks.Many<Boolean> wakeups = Sinks.many().multicast().directBestEffort();
  private volatile Disposable loop;

  TimerFiring(TimerStore store, Outbox outbox, TransactionalOperator tx) {
    this.store = store;
    this.outbox = outbox;
    this.tx = tx;
  }

  void wake() {
    wakeups.tryEmitNext(Boolean.TRUE);
  }

  private Mono<Integer> fireOnce() {
    Mono<Integer> batch = store.takeDue(BATCH)
        .map(TimerFiring::command)
        .collectList()
        .flatMap(commands -> outbox.append(commands).thenReturn(commands.size()));
    return tx.transactional(batch).doOnNext(n -> {
      if (n > 0) {
        outbox.wake();
      }
    });
  }

  private static OutboxMessage command(TimerFired fired) {
    return new OutboxMessage(Topics.COMMANDS, fired.execId(), fired.messageId(), Json.write(fired));
  }

  private Mono<Void> fireAllDue() {
    return fireOnce()
        .expand(n -> n == BATCH ? fireOnce() : Mono.empty())
        .then()
        // a failed round leaves the timers in place (the transaction rolls back): the next tick retries
        .onErrorResume(e -> {
          log.warn("firing timers failed; will retry: {}", e.toString());
          return Mono.empty();
        });
  }

  @Override
  public void start() {
    loop = Flux.merge(wakeups.asFlux(), Flux.interval(TICK).map(t -> Boolean.TRUE))
        .onBackpressureLatest()
        .concatMap(x -> fireAllDue(), 1)
        .subscribe();
  }

  @Override
  public void stop() {
    Disposable l = loop;
    if (l != null) {
      l.dispose();
    }
    loop = null;
  }

  @Override
  public boolean isRunning() {
    return loop != null;
  }
}
