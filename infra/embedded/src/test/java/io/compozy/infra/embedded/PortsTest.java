package io.compozy.infra.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PortsTest {
  @Test
  void aPickedPortIsFreeAndBelowTheClientConnectionsRange() throws Exception {
    Set<Integer> picked = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      int port = Ports.freeOr(0);
      assertThat(port).isLessThan(Ports.firstEphemeral()).isGreaterThanOrEqualTo(10_000);
      try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        assertThat(s.getLocalPort()).isEqualTo(port);
      }
      picked.add(port);
    }
    assertThat(picked).as("spread out, not one port over and over").hasSizeGreaterThan(10);
  }

  @Test
  void aGivenPortIsKept() {
    assertThat(Ports.freeOr(5001)).isEqualTo(5001);
  }
}
