package io.compozy.support.kafka;

import io.compozy.support.loop.BatchLoop;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

/**
 * {@code compozy_consumer_lag}: for each consumer group of this service's listeners and each topic
 * it reads, the records written and not yet committed (end offsets minus committed offsets, summed
 * over partitions), asked of the brokers every interval with a deadline. A growing lag is work the
 * service does not keep up with.
 */
public final class ConsumerLag implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(ConsumerLag.class);
  private static final Duration DEADLINE = Duration.ofSeconds(5);
  private final Map<String, Object> adminConfig;
  private final KafkaListenerEndpointRegistry listeners;
  private final MultiGauge gauge;
  private final BatchLoop loop;
  private volatile Admin admin;

  public ConsumerLag(
      Map<String, Object> adminConfig,
      KafkaListenerEndpointRegistry listeners,
      MeterRegistry meters,
      Duration every) {
    Map<String, Object> config = new HashMap<>(adminConfig);
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) DEADLINE.toMillis());
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) DEADLINE.toMillis());
    this.adminConfig = config;
    this.listeners = listeners;
    this.loop = BatchLoop.periodic("consumer lag", every, this::measure);
    this.gauge =
        MultiGauge.builder("compozy.consumer.lag")
            .description("records on a topic the group has not committed yet")
            .register(meters);
  }

  /** Asks the brokers once; the gauge keeps the last answer when they do not give one in time. */
  void measure() {
    Set<String> groups = new TreeSet<>();
    listeners
        .getListenerContainers()
        .forEach(
            c -> {
              if (c.getGroupId() != null && c.isRunning()) {
                groups.add(c.getGroupId());
              }
            });
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    try {
      for (String group : groups) {
        Map<TopicPartition, OffsetAndMetadata> committed =
            admin
                .listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
            admin.listOffsets(latest).all().get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        Map<String, Long> byTopic = new HashMap<>();
        committed.forEach(
            (tp, offset) -> {
              var end = ends.get(tp);
              if (offset != null && end != null) {
                byTopic.merge(tp.topic(), Math.max(0, end.offset() - offset.offset()), Long::sum);
              }
            });
        byTopic.forEach(
            (topic, lag) ->
                rows.add(MultiGauge.Row.of(Tags.of("group", group, "topic", topic), lag)));
      }
      gauge.register(rows, true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      log.debug("consumer lag not measured this time: {}", e.toString());
    }
  }

  @Override
  public synchronized void start() {
    if (!loop.isRunning()) {
      admin = Admin.create(adminConfig);
      loop.start();
    }
  }

  @Override
  public synchronized void stop() {
    if (loop.isRunning()) {
      loop.stop();
      admin.close(Duration.ofSeconds(2));
    }
  }

  @Override
  public boolean isRunning() {
    return loop.isRunning();
  }
}
