package io.compozy.support.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class HealthProbeTest {
  @Test
  void healthyOnlyWhenTheProbeAnswers200() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/up",
        exchange -> {
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.createContext(
        "/down",
        exchange -> {
          exchange.sendResponseHeaders(503, -1);
          exchange.close();
        });
    server.start();
    try {
      String base = "http://127.0.0.1:" + server.getAddress().getPort();
      assertThat(HealthProbe.check(base + "/up")).isNull();
      assertThat(HealthProbe.check(base + "/down")).isEqualTo(base + "/down answered 503");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aClosedPortOrABadUrlIsUnhealthyWithAReason() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    assertThat(HealthProbe.check("http://127.0.0.1:" + closed + "/actuator/health"))
        .contains("did not answer");
    assertThat(HealthProbe.check("not a url at all")).startsWith("not a URL");
  }
}
