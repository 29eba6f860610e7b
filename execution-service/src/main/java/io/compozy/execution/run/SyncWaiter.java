package io.compozy.execution.run;

import io.compozy.execution.stream.ExecutionFeed;
import java.time.Duration;
import java.util.function.Supplier;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.ReactiveRedisMessageListenerContainer;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Waits for an execution to end without polling Postgres: it subscribes to the execution's
 * {@code done} channel in Redis before the execution is created, so the end cannot be missed.
 */
@Component
class SyncWaiter {
  private final ReactiveRedisMessageListenerContainer listener;

  SyncWaiter(ReactiveRedisConnectionFactory redis) {
    this.listener = new ReactiveRedisMessageListenerContainer(redis);
  }

  /**
   * Starts the execution with {@code start} and completes with its id once it ended, or after
   * {@code timeout}. An idempotent replay (another execution) is not waited for.
   */
  Mono<String> startAndAwait(String execId, Supplier<Mono<ExecutionStarter.Outcome>> start, Duration timeout) {
    return listener.receiveLater(ChannelTopic.of(ExecutionFeed.doneChannel(execId)))
        .flatMap(messages -> start.get().flatMap(outcome -> outcome.created()
            ? messages.next().timeout(timeout, Mono.empty()).thenReturn(execId)
            : Mono.just(outcome.execution().execId())));
  }
}
