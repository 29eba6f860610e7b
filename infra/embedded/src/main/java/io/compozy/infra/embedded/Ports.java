package io.compozy.infra.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Picks free loopback ports. */
public final class Ports {
  private Ports() {}

  /** {@code port} itself when non-zero, otherwise a port that is free right now. */
  public static int freeOr(int port) {
    if (port != 0) {
      return port;
    }
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port", e);
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
