package io.compozy.registry.publish;

import io.compozy.support.outbox.Outbox;
import java.time.Clock;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

@Configuration(proxyBeanMethods = false)
class PublishConfiguration {
  @Bean
  Outbox outbox(DatabaseClient db, TransactionalOperator tx, KafkaTemplate<String, String> kafka) {
    return new Outbox(db, tx, kafka, "registry.outbox", "registry-service", Duration.ofSeconds(1));
  }

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }
}
