package io.compozy.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.compozy.infra.embedded.Infrastructure;
import io.compozy.infra.embedded.TestInfrastructure;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * After Postgres restarts, every pooled connection is dead; the first requests must still be
 * answered (the pool discards dead connections and opens new ones), not fail with 500s.
 */
@Order(Integer.MAX_VALUE - 1)
class PostgresRestartTest extends GatewayTestBase {

  @Test
  void theFirstRequestsAfterAPostgresRestartAreAnswered() throws Exception {
    Infrastructure infra = TestInfrastructure.shared();
    Assumptions.assumeTrue(infra.canStopPostgres(), "Postgres is external");
    // several connections in the pool, each used
    var warm = new ArrayList<CompletableFuture<HttpResponse<String>>>();
    for (int i = 0; i < 10; i++) {
      warm.add(
          HTTP.sendAsync(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + port + "/api/v0/users?limit=5"))
                  .header("Authorization", "Bearer " + ADMIN_KEY)
                  .build(),
              HttpResponse.BodyHandlers.ofString()));
    }
    for (var w : warm) {
      assertThat(w.get().statusCode()).isEqualTo(200);
    }
    infra.stopPostgres();
    infra.startPostgres();
    for (int i = 0; i < 5; i++) {
      var r = as(ADMIN_KEY, "GET", "/api/v0/users?limit=5", null);
      assertThat(r.statusCode()).as("request %d after the restart: %s", i, r.body()).isEqualTo(200);
    }
  }
}
