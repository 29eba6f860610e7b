package io.compozy.registry.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.compozy.contracts.catalog.ResourceDocument;
import io.compozy.contracts.json.Json;
import io.compozy.contracts.topic.Topics;
import io.compozy.infra.embedded.Ports;
import io.compozy.infra.embedded.TestInfrastructure;
import io.compozy.support.catalog.ResourceCatalog;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * A project's definitions land on several partitions: a catalog that has read the one with the
 * workflow may not yet have read the one with the project's models. {@code awaitCurrent} waits for
 * everything published before it was called (seen in CI: a run right after start-up found no
 * model).
 */
class ResourceCatalogCurrentTest {
  static final String KIND = "catalog-current-probe";

  @Test
  void awaitCurrentReturnsOnceEveryPartitionIsReadUpToNow() throws Exception {
    String bootstrap = TestInfrastructure.shared().endpoints().kafkaBootstrap();
    try (Admin admin =
        Admin.create(
            Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      if (!existing.contains(Topics.RESOURCES)) {
        admin
            .createTopics(
                List.of(
                    new NewTopic(Topics.RESOURCES, 12, (short) 1)
                        .configs(
                            Map.of(
                                TopicConfig.CLEANUP_POLICY_CONFIG,
                                TopicConfig.CLEANUP_POLICY_COMPACT))))
            .all()
            .get(30, TimeUnit.SECONDS);
      }
    }
    try (ResourceCatalog catalog = new ResourceCatalog(bootstrap).start();
        KafkaProducer<String, byte[]> producer =
            new KafkaProducer<>(
                Map.<String, Object>of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                        ByteArraySerializer.class.getName()))) {
      assertThat(catalog.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
      String run = Long.toString(System.nanoTime());
      for (int i = 0; i < 300; i++) {
        ResourceDocument doc =
            new ResourceDocument(
                "probe", KIND, run + "-" + i, 1, Map.of("i", i), Instant.now(), null);
        producer.send(
            new ProducerRecord<>(Topics.RESOURCES, doc.key(), Json.MAPPER.writeValueAsBytes(doc)));
      }
      producer.flush();

      assertThat(catalog.awaitCurrent(Duration.ofSeconds(30))).isTrue();

      assertThat(catalog.documents(KIND).stream().filter(d -> d.id().startsWith(run + "-")))
          .hasSize(300);
    }
  }

  @Test
  void aCatalogThatCannotReachKafkaSaysSoWithinTheDeadline() throws Exception {
    int nobody = Ports.freeOr(0);
    try (ResourceCatalog catalog = new ResourceCatalog("127.0.0.1:" + nobody).start()) {
      long start = System.nanoTime();
      assertThat(catalog.awaitCurrent(Duration.ofSeconds(2))).isFalse();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }
  }
}
