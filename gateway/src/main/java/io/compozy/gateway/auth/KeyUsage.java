package io.compozy.gateway.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code last_used_at} without a write per request: uses are noted in memory and written in one
 * statement every flush interval (and at shutdown).
 */
@Component
class KeyUsage implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(KeyUsage.class);
  private final Map<String, Instant> pending = new ConcurrentHashMap<>();
  private final ApiKeyStore store;
  private final Duration interval;
  private volatile Disposable loop;

  KeyUsage(ApiKeyStore store, AuthProperties properties) {
    this.store = store;
    this.interval = properties.usageFlushInterval();
  }

  void used(String keyId, Instant at) {
    pending.merge(keyId, at, (a, b) -> a.isAfter(b) ? a : b);
  }

  Mono<Void> flush() {
    if (pending.isEmpty()) {
      return Mono.empty();
    }
    Map<String, Instant> batch = new HashMap<>();
    for (String key : pending.keySet()) {
      Instant at = pending.remove(key);
      if (at != null) {
        batch.put(key, at);
      }
    }
    return store
        .markUsed(batch)
        .onErrorResume(
            e -> {
              log.warn(
                  "could not record key usage ({} keys), will retry: {}",
                  batch.size(),
                  e.toString());
              batch.forEach(this::used);
              return Mono.empty();
            });
  }

  @Override
  public void start() {
    loop = Flux.interval(interval).concatMap(t -> flush()).subscribe();
  }

  @Override
  public void stop() {
    Disposable l = loop;
    if (l != null) {
      l.dispose();
    }
    try {
      flush().block(Duration.ofSeconds(5));
    } catch (RuntimeException e) {
      log.warn("could not record key usage at shutdown: {}", e.toString());
    }
  }

  @Override
  public boolean isRunning() {
    return loop != null && !loop.isDisposed();
  }
}
