package io.compozy.gateway.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Verified keys, so a request does not cost a Postgres query: first in memory (a few seconds,
 * negative answers too, so a flood of bad keys stays off the database), then in Redis (shared by
 * every gateway instance), then Postgres. Revocations are pushed to every instance by {@link
 * KeyInvalidations}; the short memory lifetime bounds staleness if that message is lost. A Redis
 * failure only skips the Redis layer.
 */
@Component
class KeyCache {
  private static final Logger log = LoggerFactory.getLogger(KeyCache.class);
  static final String REDIS_PREFIX = "compozy:auth:key:";

  private final Cache<String, Optional<VerifiedKey>> local;
  private final ReactiveStringRedisTemplate redis;
  private final ApiKeyStore store;
  private final Duration redisTtl;
  private final Duration redisTimeout;

  KeyCache(ReactiveStringRedisTemplate redis, ApiKeyStore store, AuthProperties properties) {
    this.redis = redis;
    this.store = store;
    this.redisTtl = properties.cache().redisTtl();
    this.redisTimeout = properties.cache().redisTimeout();
    this.local =
        Caffeine.newBuilder()
            .expireAfterWrite(properties.cache().localTtl())
            .maximumSize(properties.cache().localMaxEntries())
            .build();
  }

  /** The key with this hash if it exists and is not revoked; expiry is checked by the caller. */
  Mono<VerifiedKey> find(byte[] hash) {
    String hex = HexFormat.of().formatHex(hash);
    Optional<VerifiedKey> known = local.getIfPresent(hex);
    if (known != null) {
      return Mono.justOrEmpty(known);
    }
    return fromRedis(hex)
        .switchIfEmpty(
            Mono.defer(() -> store.find(hash).flatMap(key -> toRedis(hex, key).thenReturn(key))))
        .doOnNext(key -> local.put(hex, Optional.of(key)))
        .switchIfEmpty(Mono.fromRunnable(() -> local.put(hex, Optional.empty())));
  }

  /** Forgets, in this instance's memory, every key that matches (by key id or user id). */
  void evictLocal(Predicate<ApiKeyPrincipal> matching) {
    local
        .asMap()
        .entrySet()
        .removeIf(e -> e.getValue().map(k -> matching.test(k.principal())).orElse(false));
  }

  void evictAllLocal() {
    local.invalidateAll();
  }

  Mono<Void> evictShared(Iterable<byte[]> hashes) {
    var keys = new ArrayList<String>();
    hashes.forEach(h -> keys.add(REDIS_PREFIX + HexFormat.of().formatHex(h)));
    if (keys.isEmpty()) {
      return Mono.empty();
    }
    return redis.delete(keys.toArray(String[]::new)).then();
  }

  private Mono<VerifiedKey> fromRedis(String hex) {
    return redis
        .opsForValue()
        .get(REDIS_PREFIX + hex)
        .timeout(redisTimeout)
        .map(VerifiedKey::decode)
        .onErrorResume(
            e -> {
              log.debug("key cache: Redis unavailable, asking Postgres ({})", e.toString());
              return Mono.empty();
            });
  }

  private Mono<Boolean> toRedis(String hex, VerifiedKey key) {
    // the answer is not waited for beyond the timeout: the key is verified, the copy is a bonus
    return redis
        .opsForValue()
        .set(REDIS_PREFIX + hex, key.encode(), redisTtl)
        .timeout(redisTimeout)
        .onErrorReturn(false);
  }
}
