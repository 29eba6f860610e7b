package io.compozy.support.kafka;

import io.compozy.support.settings.SettingRefusedException;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;

/**
 * Gives this instance's consumers a static membership ({@code group.instance.id}) when the instance
 * has a stable name ({@code compozy.instance-id}, {@code COMPOZY_INSTANCE_ID}): an instance that
 * restarts within the session timeout takes its partitions back without a rebalance of the group.
 * Spring Kafka suffixes the id per consumer of a concurrent listener; ids only need to be unique
 * within one consumer group, and every listener has its own.
 */
public final class StaticMembership implements DefaultKafkaConsumerFactoryCustomizer {
  private final String instanceId;

  public StaticMembership(String instanceId) {
    if (instanceId.isBlank() || !instanceId.matches("[A-Za-z0-9._-]{1,200}")) {
      throw new SettingRefusedException(
          "compozy.instance-id must be 1 to 200 letters, digits, '.', '_' or '-', got '"
              + instanceId
              + "'");
    }
    this.instanceId = instanceId;
  }

  @Override
  public void customize(DefaultKafkaConsumerFactory<?, ?> factory) {
    factory.updateConfigs(Map.of(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId));
  }

  public String instanceId() {
    return instanceId;
  }
}
