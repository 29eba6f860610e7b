package io.compozy.standalone;

import io.compozy.contracts.topic.TopicSpec;
import io.compozy.contracts.topic.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Every topic of the platform, created up front by a launcher so the services never race each other
 * declaring them: {@code COMPOZY_KAFKA_PARTITIONS} partitions each (12; the most instances of a
 * service that get work), {@code COMPOZY_KAFKA_REPLICATION_FACTOR} replicas (1).
 */
public final class PlatformTopics {
  private PlatformTopics() {}

  public static void create(String bootstrap) {
    create(
        bootstrap,
        Integer.parseInt(System.getenv().getOrDefault("COMPOZY_KAFKA_REPLICATION_FACTOR", "1")));
  }

  public static void create(String bootstrap, int replicationFactor) {
    int partitions =
        Integer.parseInt(System.getenv().getOrDefault("COMPOZY_KAFKA_PARTITIONS", "12"));
    short replicas = (short) replicationFactor;
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (TopicSpec spec : TopicSpec.ALL) {
        for (String name : List.of(spec.name(), spec.name() + Topics.DEAD_LETTER_SUFFIX)) {
          if (existing.contains(name) || (spec.compacted() && !name.equals(spec.name()))) {
            continue;
          }
          NewTopic t = new NewTopic(name, partitions, replicas);
          if (spec.compacted()) {
            t.configs(
                Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
          }
          missing.add(t);
        }
      }
      admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "cannot create the Kafka topics: " + e.getCause().getMessage(), e);
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "Kafka at " + bootstrap + " did not answer within 60 s while creating topics", e);
    }
  }
}
