package io.compozy.support.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;

/**
 * Counts the offset commits of every listener that the broker did not take ({@code
 * compozy.kafka.commit.failures}, tagged by consumer group): each is a batch a crash would deliver
 * again, so it must stay near zero under load (the engine benchmark prints it).
 */
public final class CommitFailures
    implements ContainerCustomizer<
        Object, Object, ConcurrentMessageListenerContainer<Object, Object>> {
  private static final Logger log = LoggerFactory.getLogger(CommitFailures.class);
  public static final String METER = "compozy.kafka.commit.failures";
  private final MeterRegistry registry;

  public CommitFailures(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void configure(ConcurrentMessageListenerContainer<Object, Object> container) {
    String group = String.valueOf(container.getGroupId());
    Counter failures =
        Counter.builder(METER)
            .tag("group", group)
            .description(
                "offset commits the broker did not take: batches a crash would deliver again")
            .register(registry);
    container
        .getContainerProperties()
        .setCommitCallback(
            (Map<TopicPartition, OffsetAndMetadata> offsets, Exception e) -> {
              if (e != null) {
                failures.increment();
                log.warn(
                    "{}: an offset commit failed (a crash now would deliver {} again): {}",
                    group,
                    offsets.keySet(),
                    e.toString());
              }
            });
  }
}
