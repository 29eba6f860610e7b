package io.compozy.gateway;

import com.sun.net.httpserver.HttpServer;
import io.compozy.contracts.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands where a service would be, so a test can see exactly what the gateway forwards: it answers
 * every request with the headers it received, its path and query and the size of the body. Asked
 * with {@code ?answer-headers} it adds headers of its own to the answer; with {@code ?status=N} it
 * answers N; with {@code ?fail-once=T} it answers 500 to the first request naming T and 200 to the
 * next, each with an {@code X-Attempt} header.
 */
final class HeaderEchoServer {
  private static HttpServer server;
  private static final Set<String> FAILED_ONCE = ConcurrentHashMap.newKeySet();
  private static final Map<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();

  /** How many requests reached {@code path} so far. */
  static int calls(String path) {
    var n = CALLS.get(path);
    return n == null ? 0 : n.get();
  }

  private HeaderEchoServer() {}

  static synchronized int port() {
    if (server == null) {
      try {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      server.createContext(
          "/",
          exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            CALLS
                .computeIfAbsent(exchange.getRequestURI().getRawPath(), k -> new AtomicInteger())
                .incrementAndGet();
            Map<String, Object> seen = new LinkedHashMap<>();
            exchange
                .getRequestHeaders()
                .forEach((k, v) -> seen.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
            String query = exchange.getRequestURI().getRawQuery();
            byte[] answer =
                Json.write(
                        Map.of(
                            "data",
                            Map.of(
                                "headers",
                                seen,
                                "body_bytes",
                                body.length,
                                "path",
                                exchange.getRequestURI().getRawPath(),
                                "query",
                                query == null ? "" : query),
                            "message",
                            "echo"))
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            int status = 200;
            for (String parameter : query == null ? new String[0] : query.split("&")) {
              if (parameter.startsWith("status=")) {
                status = Integer.parseInt(parameter.substring("status=".length()));
              } else if (parameter.startsWith("fail-once=")) {
                boolean first = FAILED_ONCE.add(parameter);
                status = first ? 500 : 200;
                exchange.getResponseHeaders().set("X-Attempt", first ? "1" : "2");
              }
            }
            if (query != null && query.contains("answer-headers")) {
              // an answer with caching headers of its own and a header that only concerns one hop
              exchange.getResponseHeaders().set("Cache-Control", "max-age=60");
              exchange.getResponseHeaders().set("X-Application-Context", "registry:5002");
              exchange.getResponseHeaders().set("X-Registry-Note", "kept");
            }
            if (status == 204) {
              exchange.sendResponseHeaders(status, -1);
            } else {
              exchange.sendResponseHeaders(status, answer.length);
              exchange.getResponseBody().write(answer);
            }
            exchange.close();
          });
      server.start();
    }
    return server.getAddress().getPort();
  }
}
