package io.compozy.standalone.cluster;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * The running cluster's door for {@code bin/cluster start SERVICE#N} (an instance must be the
 * supervisor's child, so that Ctrl-C stops it with the rest): one loopback port, and a token in a
 * file only the owner can read ({@code <data>/cluster/control-token}).
 */
final class ControlServer implements AutoCloseable {
  static final String TOKEN_FILE = "control-token";
  static final String TOKEN_HEADER = "X-Cluster-Token";

  /** What a start request gets: an HTTP status and a line of text. */
  record Answer(int status, String text) {}

  private final HttpServer server;

  private ControlServer(HttpServer server) {
    this.server = server;
  }

  /** Serves {@code POST /instances/<SERVICE-N>/start} with {@code starter}. */
  static ControlServer start(Path clusterDir, Function<String, Answer> starter) {
    try {
      byte[] token = new byte[24];
      new SecureRandom().nextBytes(token);
      String expected = HexFormat.of().formatHex(token);
      Path file = clusterDir.resolve(TOKEN_FILE);
      Files.deleteIfExists(file);
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, expected);
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
      server.setExecutor(
          Executors.newSingleThreadExecutor(
              Thread.ofPlatform().daemon().name("cluster-control").factory()));
      server.createContext("/instances/", exchange -> handle(exchange, expected, starter));
      server.start();
      return new ControlServer(server);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the cluster's control port", e);
    }
  }

  private static void handle(
      HttpExchange exchange, String expected, Function<String, Answer> starter) throws IOException {
    try (exchange) {
      String token = exchange.getRequestHeaders().getFirst(TOKEN_HEADER);
      Answer answer;
      String path = exchange.getRequestURI().getPath();
      if (token == null
          || !MessageDigest.isEqual(
              token.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8))) {
        answer = new Answer(401, "the control token is missing or wrong");
      } else if (!exchange.getRequestMethod().equals("POST")
          || !path.endsWith("/start")
          || path.length() > 200) {
        answer = new Answer(404, "only POST /instances/SERVICE-N/start is served here");
      } else {
        answer =
            starter.apply(
                path.substring("/instances/".length(), path.length() - "/start".length()));
      }
      byte[] body = (answer.text() + "\n").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
      exchange.sendResponseHeaders(answer.status(), body.length);
      exchange.getResponseBody().write(body);
    }
  }

  int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
