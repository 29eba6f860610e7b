package io.compozy.workflow.messaging;

import io.compozy.contracts.topic.ExecutionChannels;
import io.compozy.workflow.engine.ExecutionState;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;

/**
 * Tells the {@code done} channel of each execution a batch ended, once the batch is written: a
 * synchronous start waiting on it answers without waiting for the end to travel through Kafka and
 * the event feed (which tells the channel again). Best effort: a notice lost here still comes from
 * the feed.
 */
@Component
class EndNotices {
  private static final Logger log = LoggerFactory.getLogger(EndNotices.class);
  private final ReactiveStringRedisTemplate redis;

  EndNotices(ReactiveStringRedisTemplate redis) {
    this.redis = redis;
  }

  void tell(List<ExecutionState> written) {
    List<ExecutionState> ended = written.stream().filter(s -> s.status().isFinished()).toList();
    if (ended.isEmpty()) {
      return;
    }
    Flux.fromIterable(ended)
        .flatMap(
            s -> redis.convertAndSend(ExecutionChannels.done(s.execId()), s.status().wireName()))
        .subscribe(
            null, e -> log.debug("end notices not sent (the feed sends them): {}", e.toString()));
  }
}
