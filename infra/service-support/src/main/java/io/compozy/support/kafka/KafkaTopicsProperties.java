package io.compozy.support.kafka;

import jakarta.validation.constraints.Min;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Topics a service declares at start ({@code compozy.kafka.topics}), with the partition count and
 * replication factor they get when created ({@code COMPOZY_KAFKA_PARTITIONS}, {@code
 * COMPOZY_KAFKA_REPLICATION_FACTOR}).
 */
@Validated
@ConfigurationProperties("compozy.kafka")
public record KafkaTopicsProperties(
    List<String> topics, @Min(1) Integer partitions, @Min(1) Short replicationFactor) {
  public KafkaTopicsProperties {
    topics = topics == null ? List.of() : List.copyOf(topics);
    partitions = partitions == null ? 12 : partitions;
    replicationFactor = replicationFactor == null ? 1 : replicationFactor;
  }
}
