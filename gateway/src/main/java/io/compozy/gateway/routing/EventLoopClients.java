package io.compozy.gateway.routing;

import io.netty.channel.EventLoop;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import reactor.netty.http.client.HttpClient;

/**
 * One client, with a connection pool of its own, per event loop of the web server. A proxied call
 * takes its connection from the pool of the loop that serves the client: the connections of that
 * pool were opened from that loop, so Reactor Netty registered them on it (its loops colocate), and
 * the call is written, answered and relayed without leaving the thread. From one shared pool a call
 * got any loop's connection, and each call crossed to that loop and back.
 */
final class EventLoopClients implements DisposableBean {
  private final Supplier<HttpClient> newClient;
  private final HttpClient shared;
  private final ConcurrentHashMap<EventLoop, HttpClient> byLoop = new ConcurrentHashMap<>();

  /**
   * {@code newClient} makes a client with a pool of its own; {@code shared} serves calls from
   * elsewhere.
   */
  EventLoopClients(Supplier<HttpClient> newClient, HttpClient shared) {
    this.newClient = newClient;
    this.shared = shared;
  }

  /** The client for calls served on {@code loop}; the shared one when the loop is not known. */
  HttpClient on(@Nullable EventLoop loop) {
    if (loop == null) {
      return shared;
    }
    HttpClient client = byLoop.get(loop);
    return client != null ? client : byLoop.computeIfAbsent(loop, l -> newClient.get());
  }

  @Override
  public void destroy() {
    byLoop.values().forEach(client -> client.configuration().connectionProvider().dispose());
    byLoop.clear();
  }
}
