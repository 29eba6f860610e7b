package io.compozy.gateway.auth;

import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.ReactiveRedisMessageListenerContainer;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Tells every gateway instance that a key (or all keys of a user) changed: the shared Redis copy is
 * deleted and a pub/sub message makes each instance drop its memory copy. The Redis copy is deleted
 * once more a second later, in case an instance was putting back what it read from Postgres just
 * before the change committed.
 */
@Component
class KeyInvalidations implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(KeyInvalidations.class);
  static final String CHANNEL = "compozy:auth:invalidate";

  private final ReactiveStringRedisTemplate redis;
  private final KeyCache cache;
  private volatile ReactiveRedisMessageListenerContainer listener;
  private volatile Disposable subscription;

  KeyInvalidations(ReactiveStringRedisTemplate redis, KeyCache cache) {
    this.redis = redis;
    this.cache = cache;
  }

  Mono<Void> keyChanged(String keyId, List<byte[]> hashes) {
    cache.evictLocal(p -> p.keyId().equals(keyId));
    return publish("key:" + keyId, hashes);
  }

  Mono<Void> userChanged(String userId, List<byte[]> hashes) {
    cache.evictLocal(p -> p.userId().equals(userId));
    return publish("user:" + userId, hashes);
  }

  private Mono<Void> publish(String message, List<byte[]> hashes) {
    // bounded: a revocation answers even while Redis does not
    Mono<Void> work =
        cache
            .evictShared(hashes)
            .then(redis.convertAndSend(CHANNEL, message))
            .then()
            .timeout(Duration.ofSeconds(1));
    Mono.delay(Duration.ofSeconds(1)).then(cache.evictShared(hashes)).onErrorComplete().subscribe();
    return work.onErrorResume(
        e -> {
          // the change is committed; instances that miss the message drop their copy within the
          // cache lifetime
          log.warn("could not announce '{}' to other gateway instances: {}", message, e.toString());
          return Mono.empty();
        });
  }

  private void apply(String message) {
    int colon = message.indexOf(':');
    String kind = message.substring(0, colon);
    String id = message.substring(colon + 1);
    if (kind.equals("key")) {
      cache.evictLocal(p -> p.keyId().equals(id));
    } else if (kind.equals("user")) {
      cache.evictLocal(p -> p.userId().equals(id));
    }
  }

  @Override
  public void start() {
    listener = new ReactiveRedisMessageListenerContainer(redis.getConnectionFactory());
    subscription =
        listener
            .receive(ChannelTopic.of(CHANNEL))
            // messages sent while we were not listening are lost: start from an empty memory cache
            .doOnSubscribe(s -> cache.evictAllLocal())
            .doOnError(
                e -> log.warn("key invalidation channel lost, resubscribing: {}", e.toString()))
            .retryWhen(
                Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200))
                    .maxBackoff(Duration.ofSeconds(2)))
            .subscribe(m -> apply(m.getMessage()));
  }

  @Override
  public void stop() {
    Disposable s = subscription;
    if (s != null) {
      s.dispose();
    }
    ReactiveRedisMessageListenerContainer l = listener;
    if (l != null) {
      l.destroy();
    }
  }

  @Override
  public boolean isRunning() {
    return subscription != null && !subscription.isDisposed();
  }
}
