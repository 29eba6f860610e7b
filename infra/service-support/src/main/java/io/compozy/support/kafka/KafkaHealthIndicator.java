package io.compozy.support.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.springframework.boot.health.contributor.AbstractReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import reactor.core.publisher.Mono;

/** Kafka is UP when the cluster answers a describe-cluster call within the timeout. */
public final class KafkaHealthIndicator extends AbstractReactiveHealthIndicator
    implements AutoCloseable {
  private static final Duration TIMEOUT = Duration.ofSeconds(3);
  private final Admin admin;

  public KafkaHealthIndicator(Map<String, Object> adminConfig) {
    super("Kafka health check failed");
    this.admin = Admin.create(adminConfig);
  }

  @Override
  protected Mono<Health> doHealthCheck(Health.Builder builder) {
    var result =
        admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()));
    return Mono.fromFuture(
            result
                .nodes()
                .toCompletionStage()
                .toCompletableFuture()
                .orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
        .map(nodes -> builder.up().withDetail("nodes", nodes.size()).build());
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(1));
  }
}
