package io.compozy.support;

import io.compozy.contracts.catalog.ResourceCatalog;
import io.compozy.contracts.topic.TopicSpec;
import io.compozy.support.catalog.CatalogHealthIndicator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;
import io.compozy.support.kafka.KafkaHealthIndicator;
import io.compozy.support.kafka.KafkaTopicsProperties;
import io.compozy.support.problem.ProblemHandler;
import io.compozy.support.web.RequestIdFilter;
import io.compozy.support.web.WebFilterSequence;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webflux.autoconfigure.WebHttpHandlerBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/** Wires what every service shares: request ids, problem+json, Kafka topics and Kafka health. */
@AutoConfiguration(
    afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
    beforeName = {
      "org.springframework.boot.webflux.autoconfigure.error.ErrorWebFluxAutoConfiguration",
      "org.springframework.boot.reactor.netty.autoconfigure.NettyReactiveWebServerAutoConfiguration",
      "org.springframework.boot.http.client.autoconfigure.reactive.ClientHttpConnectorAutoConfiguration"
    })
public class SupportAutoConfiguration {
  static {
    SupportAutoConfigurationHooks.install();
  }

  /** Every JSON body read over HTTP refuses text Postgres cannot store, naming the field. */
  @Bean
  tools.jackson.databind.JacksonModule nulFreeStrings() {
    return io.compozy.contracts.json.NulFreeStrings.module();
  }

  @Bean
  @ConditionalOnClass(name = "org.springframework.boot.health.actuate.endpoint.HealthEndpoint")
  io.compozy.support.health.DependencyGauges dependencyGauges(
      org.springframework.beans.factory.ObjectProvider<org.springframework.boot.health.actuate.endpoint.HealthEndpoint> health,
      org.springframework.beans.factory.ObjectProvider<io.micrometer.core.instrument.MeterRegistry> meters, org.springframework.core.env.Environment env) {
    return new io.compozy.support.health.DependencyGauges(health, meters.getIfAvailable(io.micrometer.core.instrument.simple.SimpleMeterRegistry::new),
        env.getProperty("compozy.metrics.poll-interval", java.time.Duration.class, java.time.Duration.ofSeconds(15)));
  }

  @Bean
  @ConditionalOnMissingBean
  java.time.Clock clock() {
    return java.time.Clock.systemUTC();
  }

  /**
   * Event loops of this application alone, not Reactor Netty's global ones: when several services
   * share a JVM (standalone mode), closing one must not stop the others' servers and clients.
   */
  @Bean
  @ConditionalOnProperty(name = "compozy.reactor.own-resources", havingValue = "true")
  org.springframework.http.client.ReactorResourceFactory reactorResourceFactory() {
    org.springframework.http.client.ReactorResourceFactory factory = new org.springframework.http.client.ReactorResourceFactory();
    factory.setUseGlobalResources(false);
    return factory;
  }

  /** Where the other services are, for the load balancer (gateway, scheduler: those with Spring Cloud's). */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.cloud.client.discovery.ReactiveDiscoveryClient")
  static class Discovery {
    @Bean
    io.compozy.support.discovery.ServiceAddressesDiscoveryClient serviceAddressesDiscoveryClient(org.springframework.core.env.Environment env) {
      return new io.compozy.support.discovery.ServiceAddressesDiscoveryClient(io.compozy.support.discovery.ServiceAddresses.of(env));
    }
  }

  @Bean
  @ConditionalOnProperty(name = "compozy.cluster.supervisor-pid")
  SupervisorWatch supervisorWatch(org.springframework.core.env.Environment env) {
    return new SupervisorWatch(env.getRequiredProperty("compozy.cluster.supervisor-pid", Long.class));
  }

  @Bean
  @ConditionalOnMissingBean
  RequestIdFilter requestIdFilter() {
    return new RequestIdFilter();
  }

  @Bean
  @ConditionalOnMissingBean
  io.compozy.support.web.QueryCharactersFilter queryCharactersFilter() {
    return new io.compozy.support.web.QueryCharactersFilter();
  }

  /** Services read a request's body before handling it (not the gateway, which streams bodies through). */
  @Bean
  @ConditionalOnProperty(name = "compozy.internal.verify", havingValue = "true", matchIfMissing = true)
  io.compozy.support.web.RequestBodyReader requestBodyReader(org.springframework.core.env.Environment environment) {
    return new io.compozy.support.web.RequestBodyReader(
        (int) org.springframework.util.unit.DataSize.parse(environment.getProperty("compozy.service.max-body-size", "16MB")).toBytes());
  }

  /** A JSON body sent with a missing, malformed or text/plain Content-Type is read as JSON, as Compozy reads it. */
  @Bean
  io.compozy.support.web.JsonContentType jsonContentType() {
    return new io.compozy.support.web.JsonContentType();
  }

  @Bean
  @ConditionalOnMissingBean
  io.compozy.support.web.CloseAfterErrors closeAfterErrors() {
    return new io.compozy.support.web.CloseAfterErrors();
  }

  /**
   * The application's web filters, in their order, as one {@link WebFilterSequence}: WebFlux's own
   * chain then holds only the sequence, whose name is built once (it names each filter it holds on
   * every request).
   */
  @Bean
  WebHttpHandlerBuilderCustomizer webFilterSequence() {
    return builder -> builder.filters(filters -> {
      WebFilterSequence sequence = new WebFilterSequence(filters);
      filters.clear();
      filters.add(sequence);
    });
  }

  @Bean
  @ConditionalOnMissingBean
  ProblemHandler problemHandler() {
    return new ProblemHandler();
  }

  @Bean
  @org.springframework.core.annotation.Order(-2)
  @ConditionalOnMissingBean(org.springframework.boot.webflux.error.ErrorWebExceptionHandler.class)
  io.compozy.support.problem.ProblemWebExceptionHandler problemWebExceptionHandler() {
    return new io.compozy.support.problem.ProblemWebExceptionHandler();
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(KafkaAdmin.class)
  @ConditionalOnBean(KafkaAdmin.class)
  @EnableConfigurationProperties(KafkaTopicsProperties.class)
  static class KafkaSupport {
    @Bean
    KafkaAdmin.NewTopics compozyTopics(KafkaTopicsProperties props) {
      return new KafkaAdmin.NewTopics(
          props.topics().stream().map(name -> topic(TopicSpec.of(name), props)).toArray(NewTopic[]::new));
    }

    private static NewTopic topic(TopicSpec spec, KafkaTopicsProperties props) {
      TopicBuilder b = TopicBuilder.name(spec.name()).partitions(props.partitions()).replicas(props.replicationFactor());
      if (spec.compacted()) {
        b.config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
      }
      return b.build();
    }

    @Bean
    @ConditionalOnProperty(name = "compozy.instance-id")
    io.compozy.support.kafka.StaticMembership staticMembership(org.springframework.core.env.Environment env) {
      return new io.compozy.support.kafka.StaticMembership(env.getRequiredProperty("compozy.instance-id"));
    }

    @Bean
    io.compozy.support.kafka.CommitFailures commitFailures(org.springframework.beans.factory.ObjectProvider<io.micrometer.core.instrument.MeterRegistry> registry) {
      return new io.compozy.support.kafka.CommitFailures(registry.getIfAvailable(io.micrometer.core.instrument.simple.SimpleMeterRegistry::new));
    }

    @Bean(io.compozy.support.kafka.AsyncCommits.BEAN)
    io.compozy.support.kafka.AsyncCommits asyncCommits() {
      return new io.compozy.support.kafka.AsyncCommits();
    }

    @Bean
    @ConditionalOnMissingBean(CommonErrorHandler.class)
    CommonErrorHandler kafkaErrorHandler(KafkaTemplate<Object, Object> template) {
      // bounded retries, then the record goes to <topic>.DLT with the error in its headers, unless
      // a dependency was down: then it is delivered again until the dependency is back
      DeadLetterPublishingRecoverer dlt = new DeadLetterPublishingRecoverer(template,
          (record, e) -> new org.apache.kafka.common.TopicPartition(record.topic() + io.compozy.contracts.topic.Topics.DEAD_LETTER_SUFFIX, record.partition()));
      return new DefaultErrorHandler(new io.compozy.support.kafka.DeadLetters(dlt), new FixedBackOff(500, 3));
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "compozy.catalog.enabled", havingValue = "true")
    ResourceCatalog resourceCatalog(KafkaAdmin admin) {
      Object servers = admin.getConfigurationProperties().get("bootstrap.servers");
      String bootstrap = servers instanceof java.util.Collection<?> c
          ? String.join(",", c.stream().map(String::valueOf).toList())
          : String.valueOf(servers);
      return new ResourceCatalog(bootstrap).start();
    }

    @Bean(name = "catalogHealthIndicator")
    @ConditionalOnProperty(name = "compozy.catalog.enabled", havingValue = "true")
    CatalogHealthIndicator catalogHealthIndicator(ResourceCatalog catalog) {
      return new CatalogHealthIndicator(catalog);
    }

    /** The service's transactional outbox, when it names its table ({@code compozy.outbox.table}). */
    @Bean
    @ConditionalOnProperty(name = "compozy.outbox.table")
    io.compozy.support.outbox.Outbox outbox(org.springframework.r2dbc.core.DatabaseClient db,
        org.springframework.transaction.reactive.TransactionalOperator tx, KafkaTemplate<String, String> kafka,
        org.springframework.core.env.Environment env, org.springframework.beans.factory.ObjectProvider<io.micrometer.core.instrument.MeterRegistry> meters) {
      var outbox = new io.compozy.support.outbox.Outbox(db, tx, kafka, env.getRequiredProperty("compozy.outbox.table"),
          env.getRequiredProperty("spring.application.name"),
          env.getProperty("compozy.outbox.poll-interval", java.time.Duration.class, java.time.Duration.ofSeconds(1)));
      meters.ifAvailable(m -> outbox.measure(m, env.getProperty("compozy.metrics.poll-interval", java.time.Duration.class, java.time.Duration.ofSeconds(15))));
      return outbox;
    }

    @Bean
    @ConditionalOnBean(org.springframework.kafka.config.KafkaListenerEndpointRegistry.class)
    io.compozy.support.kafka.ConsumerLag consumerLag(KafkaAdmin admin, org.springframework.kafka.config.KafkaListenerEndpointRegistry listeners,
        org.springframework.beans.factory.ObjectProvider<io.micrometer.core.instrument.MeterRegistry> meters, org.springframework.core.env.Environment env) {
      return new io.compozy.support.kafka.ConsumerLag(admin.getConfigurationProperties(), listeners,
          meters.getIfAvailable(io.micrometer.core.instrument.simple.SimpleMeterRegistry::new),
          env.getProperty("compozy.metrics.poll-interval", java.time.Duration.class, java.time.Duration.ofSeconds(15)));
    }

    @Bean(name = "kafkaHealthIndicator")
    KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin admin) {
      Map<String, Object> config = admin.getConfigurationProperties();
      return new KafkaHealthIndicator(config);
    }
  }
}
