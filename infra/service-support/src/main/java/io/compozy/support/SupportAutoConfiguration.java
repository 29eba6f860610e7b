package io.compozy.support;

import io.compozy.contracts.json.NulFreeStrings;
import io.compozy.contracts.topic.TopicSpec;
import io.compozy.contracts.topic.Topics;
import io.compozy.support.catalog.CatalogHealthIndicator;
import io.compozy.support.catalog.ResourceCatalog;
import io.compozy.support.discovery.ServiceAddresses;
import io.compozy.support.discovery.ServiceAddressesDiscoveryClient;
import io.compozy.support.execution.ExecutionRecords;
import io.compozy.support.health.DependencyGauges;
import io.compozy.support.kafka.AsyncCommits;
import io.compozy.support.kafka.CommitFailures;
import io.compozy.support.kafka.ConsumerLag;
import io.compozy.support.kafka.DeadLetters;
import io.compozy.support.kafka.KafkaHealthIndicator;
import io.compozy.support.kafka.KafkaTopicsProperties;
import io.compozy.support.kafka.StaticMembership;
import io.compozy.support.outbox.Outbox;
import io.compozy.support.problem.ProblemHandler;
import io.compozy.support.problem.ProblemWebExceptionHandler;
import io.compozy.support.web.CloseAfterErrors;
import io.compozy.support.web.JsonContentType;
import io.compozy.support.web.QueryCharactersFilter;
import io.compozy.support.web.RequestBodyReader;
import io.compozy.support.web.RequestIdFilter;
import io.compozy.support.web.WebFilterSequence;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.webflux.autoconfigure.WebHttpHandlerBuilderCustomizer;
import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.util.backoff.FixedBackOff;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.JacksonModule;

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
  JacksonModule nulFreeStrings() {
    return NulFreeStrings.module();
  }

  @Bean
  @ConditionalOnClass(name = "org.springframework.boot.health.actuate.endpoint.HealthEndpoint")
  DependencyGauges dependencyGauges(
      ObjectProvider<HealthEndpoint> health,
      ObjectProvider<MeterRegistry> meters,
      Environment env) {
    return new DependencyGauges(
        health,
        meters.getIfAvailable(SimpleMeterRegistry::new),
        env.getProperty("compozy.metrics.poll-interval", Duration.class, Duration.ofSeconds(15)));
  }

  @Bean
  @ConditionalOnMissingBean
  Clock clock() {
    return Clock.systemUTC();
  }

  /**
   * Event loops of this application alone, not Reactor Netty's global ones: when several services
   * share a JVM (standalone mode), closing one must not stop the others' servers and clients.
   */
  @Bean
  @ConditionalOnProperty(name = "compozy.reactor.own-resources", havingValue = "true")
  ReactorResourceFactory reactorResourceFactory() {
    ReactorResourceFactory factory = new ReactorResourceFactory();
    factory.setUseGlobalResources(false);
    return factory;
  }

  /**
   * Where the other services are, for the load balancer (gateway, scheduler: those with Spring
   * Cloud's).
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.cloud.client.discovery.ReactiveDiscoveryClient")
  static class Discovery {
    @Bean
    ServiceAddressesDiscoveryClient serviceAddressesDiscoveryClient(Environment env) {
      return new ServiceAddressesDiscoveryClient(ServiceAddresses.of(env));
    }
  }

  @Bean
  @ConditionalOnProperty(name = "compozy.cluster.supervisor-pid")
  SupervisorWatch supervisorWatch(Environment env) {
    return new SupervisorWatch(
        env.getRequiredProperty("compozy.cluster.supervisor-pid", Long.class));
  }

  @Bean
  @ConditionalOnMissingBean
  RequestIdFilter requestIdFilter() {
    return new RequestIdFilter();
  }

  @Bean
  @ConditionalOnMissingBean
  QueryCharactersFilter queryCharactersFilter() {
    return new QueryCharactersFilter();
  }

  /**
   * Services read a request's body before handling it (not the gateway, which streams bodies
   * through).
   */
  @Bean
  @ConditionalOnProperty(
      name = "compozy.internal.verify",
      havingValue = "true",
      matchIfMissing = true)
  RequestBodyReader requestBodyReader(Environment environment) {
    return new RequestBodyReader(
        (int)
            DataSize.parse(environment.getProperty("compozy.service.max-body-size", "16MB"))
                .toBytes());
  }

  /**
   * A JSON body sent with a missing, malformed or text/plain Content-Type is read as JSON, as
   * Compozy reads it.
   */
  @Bean
  JsonContentType jsonContentType() {
    return new JsonContentType();
  }

  @Bean
  @ConditionalOnMissingBean
  CloseAfterErrors closeAfterErrors() {
    return new CloseAfterErrors();
  }

  /**
   * The application's web filters, in their order, as one {@link WebFilterSequence}: WebFlux's own
   * chain then holds only the sequence, whose name is built once (it names each filter it holds on
   * every request).
   */
  @Bean
  WebHttpHandlerBuilderCustomizer webFilterSequence() {
    return builder ->
        builder.filters(
            filters -> {
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
  @Order(-2)
  @ConditionalOnMissingBean(ErrorWebExceptionHandler.class)
  ProblemWebExceptionHandler problemWebExceptionHandler() {
    return new ProblemWebExceptionHandler();
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(KafkaAdmin.class)
  @ConditionalOnBean(KafkaAdmin.class)
  @EnableConfigurationProperties(KafkaTopicsProperties.class)
  static class KafkaSupport {
    @Bean
    KafkaAdmin.NewTopics compozyTopics(KafkaTopicsProperties props) {
      return new KafkaAdmin.NewTopics(
          props.topics().stream()
              .map(name -> topic(TopicSpec.of(name), props))
              .toArray(NewTopic[]::new));
    }

    private static NewTopic topic(TopicSpec spec, KafkaTopicsProperties props) {
      TopicBuilder b =
          TopicBuilder.name(spec.name())
              .partitions(props.partitions())
              .replicas(props.replicationFactor());
      if (spec.compacted()) {
        b.config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
      }
      return b.build();
    }

    @Bean
    @ConditionalOnProperty(name = "compozy.instance-id")
    StaticMembership staticMembership(Environment env) {
      return new StaticMembership(env.getRequiredProperty("compozy.instance-id"));
    }

    @Bean
    CommitFailures commitFailures(ObjectProvider<MeterRegistry> registry) {
      return new CommitFailures(registry.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean(AsyncCommits.BEAN)
    AsyncCommits asyncCommits() {
      return new AsyncCommits();
    }

    @Bean
    @ConditionalOnMissingBean(CommonErrorHandler.class)
    CommonErrorHandler kafkaErrorHandler(KafkaTemplate<Object, Object> template) {
      // bounded retries, then the record goes to <topic>.DLT with the error in its headers, unless
      // a dependency was down: then it is delivered again until the dependency is back
      DeadLetterPublishingRecoverer dlt =
          new DeadLetterPublishingRecoverer(
              template,
              (record, e) ->
                  new TopicPartition(
                      record.topic() + Topics.DEAD_LETTER_SUFFIX, record.partition()));
      return new DefaultErrorHandler(new DeadLetters(dlt), new FixedBackOff(500, 3));
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "compozy.catalog.enabled", havingValue = "true")
    ResourceCatalog resourceCatalog(KafkaAdmin admin) {
      Object servers = admin.getConfigurationProperties().get("bootstrap.servers");
      String bootstrap =
          servers instanceof Collection<?> c
              ? String.join(",", c.stream().map(String::valueOf).toList())
              : String.valueOf(servers);
      return new ResourceCatalog(bootstrap).start();
    }

    @Bean(name = "catalogHealthIndicator")
    @ConditionalOnProperty(name = "compozy.catalog.enabled", havingValue = "true")
    CatalogHealthIndicator catalogHealthIndicator(ResourceCatalog catalog) {
      return new CatalogHealthIndicator(catalog);
    }

    /** The read side of the shared execution record, for the services that read executions. */
    @Bean
    @ConditionalOnProperty(name = "compozy.execution-records.enabled", havingValue = "true")
    ExecutionRecords executionRecords(DatabaseClient db) {
      return new ExecutionRecords(db);
    }

    /**
     * The service's transactional outbox, when it names its table ({@code compozy.outbox.table}).
     */
    @Bean
    @ConditionalOnProperty(name = "compozy.outbox.table")
    Outbox outbox(
        DatabaseClient db,
        TransactionalOperator tx,
        KafkaTemplate<String, String> kafka,
        Environment env,
        ObjectProvider<MeterRegistry> meters) {
      var outbox =
          new Outbox(
              db,
              tx,
              kafka,
              env.getRequiredProperty("compozy.outbox.table"),
              env.getRequiredProperty("spring.application.name"),
              env.getProperty(
                  "compozy.outbox.poll-interval", Duration.class, Duration.ofSeconds(1)));
      meters.ifAvailable(
          m ->
              outbox.measure(
                  m,
                  env.getProperty(
                      "compozy.metrics.poll-interval", Duration.class, Duration.ofSeconds(15))));
      return outbox;
    }

    @Bean
    @ConditionalOnBean(KafkaListenerEndpointRegistry.class)
    ConsumerLag consumerLag(
        KafkaAdmin admin,
        KafkaListenerEndpointRegistry listeners,
        ObjectProvider<MeterRegistry> meters,
        Environment env) {
      return new ConsumerLag(
          admin.getConfigurationProperties(),
          listeners,
          meters.getIfAvailable(SimpleMeterRegistry::new),
          env.getProperty("compozy.metrics.poll-interval", Duration.class, Duration.ofSeconds(15)));
    }

    @Bean(name = "kafkaHealthIndicator")
    KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin admin) {
      Map<String, Object> config = admin.getConfigurationProperties();
      return new KafkaHealthIndicator(config);
    }
  }
}
