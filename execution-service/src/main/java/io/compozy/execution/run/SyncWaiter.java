package io.compozy.execution.run;

import io.compozy.contracts.schema.Violation;
import io.compozy.contracts.topic.ExecutionChannels;
import io.compozy.support.problem.ApiProblem;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.ReactiveRedisMessageListenerContainer;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Waits for an execution to end without polling Postgres: it subscribes to the execution's {@code
 * done} channel in Redis before the execution is created, so the end cannot be missed. The
 * orchestrator tells it as soon as its write ended the execution (the feed tells it again later).
 */
@Component
class SyncWaiter {
  static final int DEFAULT_SECONDS = 60;
  static final int MAX_SECONDS = 300;
  private final ReactiveRedisMessageListenerContainer listener;
  private final ExecutionViews views;

  SyncWaiter(ReactiveRedisConnectionFactory redis, ExecutionViews views) {
    this.listener = new ReactiveRedisMessageListenerContainer(redis);
    this.views = views;
  }

  /**
   * How long a synchronous call waits: {@code timeout} seconds, 60 when absent, 1 to 300 (else 422
   * naming /timeout).
   */
  static Duration timeout(@Nullable Integer seconds) {
    int s = seconds == null ? DEFAULT_SECONDS : seconds;
    if (s < 1 || s > MAX_SECONDS) {
      throw ApiProblem.invalidInput(
          "timeout must be between 1 and " + MAX_SECONDS + " seconds",
          List.of(
              new Violation("/timeout", "must be between 1 and " + MAX_SECONDS + ", got " + s)));
    }
    return Duration.ofSeconds(s);
  }

  /**
   * Starts the execution, waits for its end and reads it from Postgres (the end just reached, not a
   * cached view); 408 with its id when it has not ended within {@code timeout} (it goes on).
   */
  Mono<ExecutionView> runToEnd(
      String execId, Supplier<Mono<ExecutionStarter.Outcome>> start, Duration timeout) {
    return startAndAwait(execId, start, timeout)
        .flatMap(views::readJustEnded)
        .map(
            e -> {
              if (!e.isFinished()) {
                throw new ApiProblem(
                    HttpStatus.REQUEST_TIMEOUT,
                    "sync_timeout",
                    "Request timeout",
                    "execution "
                        + e.execId()
                        + " did not end within "
                        + timeout.toSeconds()
                        + " s; it goes on",
                    Map.of("exec_id", e.execId(), "status", e.status().wireName()));
              }
              return e;
            });
  }

  /**
   * Starts the execution with {@code start} and completes with its id once it ended, or after
   * {@code timeout}. An idempotent replay (another execution) is not waited for.
   */
  Mono<String> startAndAwait(
      String execId, Supplier<Mono<ExecutionStarter.Outcome>> start, Duration timeout) {
    return listener
        .receiveLater(ChannelTopic.of(ExecutionChannels.done(execId)))
        .flatMap(
            messages ->
                start
                    .get()
                    .flatMap(
                        outcome ->
                            outcome.created()
                                ? messages.next().timeout(timeout, Mono.empty()).thenReturn(execId)
                                : Mono.just(outcome.execution().execId())));
  }
}
