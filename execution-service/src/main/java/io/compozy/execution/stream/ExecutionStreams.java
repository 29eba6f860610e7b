package io.compozy.execution.stream;

import io.compozy.contracts.execution.EventType;
import io.compozy.contracts.execution.ExecutionStatus;
import io.compozy.contracts.json.Json;
import io.compozy.contracts.message.ExecutionEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.ReactiveRedisMessageListenerContainer;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An execution's events as a live sequence: what the Redis stream holds after a given id, then each
 * new event as it is appended, ending with {@code complete} or {@code error}. A pub/sub message
 * only says "there is more"; the events themselves are always read from the stream, so a reader
 * gets each once and in order, whatever messages it missed or got twice.
 */
@Component
public class ExecutionStreams implements DisposableBean {
  private final ExecutionFeed feed;
  private final ReactiveRedisMessageListenerContainer listener;

  ExecutionStreams(ExecutionFeed feed, ReactiveRedisConnectionFactory redis) {
    this.feed = feed;
    this.listener = new ReactiveRedisMessageListenerContainer(redis);
  }

  /** Events after {@code afterSeq}; with {@code live} false only those stored already. */
  public Flux<ExecutionEvent> events(String execId, long afterSeq, boolean live) {
    AtomicLong last = new AtomicLong(afterSeq);
    Flux<ExecutionEvent> stored =
        Flux.defer(() -> feed.since(execId, last.get()))
            .filter(e -> e.seq() > last.get())
            .doOnNext(e -> last.set(e.seq()));
    if (!live) {
      return stored.takeUntil(e -> e.type().isFinal());
    }
    String liveChannel = ExecutionFeed.liveChannel(execId);
    return listener
        .receiveLater(ChannelTopic.of(liveChannel), ChannelTopic.of(LlmChunks.channel(execId)))
        .flatMapMany(
            messages ->
                messages.publish(
                    shared ->
                        Flux.merge(
                            Flux.merge(
                                    Mono.just("subscribed"),
                                    shared
                                        .filter(m -> m.getChannel().equals(liveChannel))
                                        .map(m -> m.getMessage()))
                                // many "there is more" while a read runs need only one more read
                                .onBackpressureLatest()
                                .concatMap(signal -> stored, 1),
                            shared
                                .filter(m -> !m.getChannel().equals(liveChannel))
                                .map(m -> chunk(execId, m.getMessage())))))
        .takeUntil(e -> e.type().isFinal());
  }

  /**
   * A chunk as an event: it has no sequence number (0), so it never moves a reader's Last-Event-ID.
   */
  @SuppressWarnings("unchecked")
  private static ExecutionEvent chunk(String execId, String json) {
    Map<String, Object> data = (Map<String, Object>) Json.plain(json);
    return new ExecutionEvent(
        "chunk",
        execId,
        "",
        0,
        EventType.LLM_CHUNK,
        ExecutionStatus.RUNNING,
        String.valueOf(data.get("task_id")),
        data,
        Instant.now());
  }

  static Duration pingInterval() {
    return Duration.ofSeconds(15);
  }

  @Override
  public void destroy() {
    listener.destroy();
  }
}
