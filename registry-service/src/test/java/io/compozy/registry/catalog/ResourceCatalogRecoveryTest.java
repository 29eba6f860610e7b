package io.compozy.registry.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.compozy.infra.embedded.Ports;
import io.compozy.support.catalog.ResourceCatalog;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A broker that does not answer (down, or too slow under load) times the catalog's metadata request
 * out: the catalog keeps trying rather than ending its thread, after which its service would never
 * be ready again (seen in the cluster fault test: an instance stayed unready).
 */
class ResourceCatalogRecoveryTest {
  @Test
  void aBrokerThatDoesNotAnswerDoesNotEndTheCatalog() throws Exception {
    int nobody = Ports.freeOr(0);
    try (ResourceCatalog catalog = new ResourceCatalog("127.0.0.1:" + nobody).start()) {
      // the first metadata request times out after 5 s: the catalog starts over and keeps following
      Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> catalog.restarts() >= 1);
      assertThat(catalog.isFollowing()).isTrue();
      assertThat(catalog.isCaughtUp()).isFalse();
    }
  }
}
