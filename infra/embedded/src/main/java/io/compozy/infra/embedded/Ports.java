package io.compozy.infra.embedded;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Picks free loopback ports for servers to listen on: below the kernel's range of ephemeral ports,
 * so that a client connection opened meanwhile (services connect to Kafka, Postgres and Redis while
 * others still start) cannot take the port as its own source port before its server binds it.
 */
public final class Ports {
  private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
  private static final int LOWEST = 10_000;

  private Ports() {}

  /** {@code port} itself when non-zero, otherwise a port that is free right now. */
  public static int freeOr(int port) {
    if (port != 0) {
      return port;
    }
    int below = firstEphemeral();
    for (int tries = 0; tries < 50 && below > LOWEST; tries++) {
      int candidate = ThreadLocalRandom.current().nextInt(LOWEST, below);
      if (isFree(candidate)) {
        return candidate;
      }
    }
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port", e);
    }
  }

  /** The first port the kernel hands out to client connections (Linux; 32768 elsewhere). */
  static int firstEphemeral() {
    try {
      // a reader: Files.readString trusts the size procfs reports and reads one byte of it
      try (BufferedReader in = Files.newBufferedReader(EPHEMERAL_RANGE)) {
        String line = in.readLine();
        return line == null ? 32_768 : Integer.parseInt(line.trim().split("\\s+")[0]);
      }
    } catch (IOException | RuntimeException e) {
      return 32_768;
    }
  }

  /** {@code port} when nothing listens on it on any address, otherwise any free loopback port. */
  public static int wellKnownOrFree(int port) {
    return isFree(port) ? port : freeOr(0);
  }

  /** Whether a server could listen on {@code port} on every address right now. */
  public static boolean isFree(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(port), 1);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
