package io.compozy.gateway;

import com.sun.net.httpserver.HttpServer;
import io.compozy.contracts.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stands where a service would be, so a test can see exactly what the gateway forwards: it answers
 * every request with the headers it received and the size of the body (and, asked with
 * {@code ?answer-headers}, with headers of its own in the answer).
 */
final class HeaderEchoServer {
  private static HttpServer server;

  private HeaderEchoServer() {}

  static synchronized int port() {
    if (server == null) {
      try {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      server.createContext("/", exchange -> {
        byte[] body = exchange.getRequestBody().readAllBytes();
        Map<String, Object> seen = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> seen.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
        byte[] answer = Json.write(Map.of("data", Map.of("headers", seen, "body_bytes", body.length,
            "path", exchange.getRequestURI().getRawPath()), "message", "echo")).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        String query = exchange.getRequestURI().getRawQuery();
        if (query != null && query.contains("answer-headers")) {
          // an answer with caching headers of its own and a header that only concerns one hop
          exchange.getResponseHeaders().set("Cache-Control", "max-age=60");
          exchange.getResponseHeaders().set("X-Application-Context", "registry:5002");
          exchange.getResponseHeaders().set("X-Registry-Note", "kept");
        }
        exchange.sendResponseHeaders(200, answer.length);
        exchange.getResponseBody().write(answer);
        exchange.close();
      });
      server.start();
    }
    return server.getAddress().getPort();
  }
}
