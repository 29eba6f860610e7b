package io.compozy.gateway.routing;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.cloud.gateway.config.HttpClientCustomizer;
import org.springframework.cloud.gateway.config.HttpClientFactory;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.config.HttpClientSslConfigurer;
import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.client.ReactorResourceFactory;
import reactor.netty.http.client.HttpClient;

/**
 * How proxied calls reach the services: {@link ServiceCallFilter} over {@link EventLoopClients},
 * each client made as Spring Cloud Gateway makes its own (its {@code httpclient} settings and
 * customizers), and all of them on the web server's event loops.
 */
@Configuration(proxyBeanMethods = false)
class ServiceClientConfiguration {

  /**
   * Spring Cloud Gateway builds its client on Reactor Netty's global loops; when the application
   * has loops of its own (standalone mode, {@code compozy.reactor.own-resources}), every proxied
   * call crossed from a server loop to a client loop and back.
   */
  @Bean
  HttpClientCustomizer serverEventLoops(ObjectProvider<ReactorResourceFactory> resources) {
    return client -> {
      ReactorResourceFactory factory = resources.getIfAvailable();
      return factory == null ? client : client.runOn(factory.getLoopResources());
    };
  }

  @Bean
  EventLoopClients eventLoopClients(
      HttpClient gatewayHttpClient,
      HttpClientProperties properties,
      ServerProperties server,
      HttpClientSslConfigurer ssl,
      ObjectProvider<HttpClientCustomizer> customizers) {
    return new EventLoopClients(
        () -> {
          HttpClientFactory factory =
              new HttpClientFactory(
                  properties, server, ssl, new ArrayList<>(customizers.orderedStream().toList()));
          factory.setSingleton(false);
          try {
            return factory.getObject();
          } catch (Exception e) {
            throw new IllegalStateException(
                "could not make a client for the services: " + e.getMessage(), e);
          }
        },
        gatewayHttpClient);
  }

  /**
   * Relays a service's answer body; Spring Cloud Gateway declares it only along with its own
   * routing filter, which gateway.yml turns off.
   */
  @Bean
  NettyWriteResponseFilter serviceAnswerWriter(
      GatewayProperties gateway, ObjectProvider<List<HttpHeadersFilter>> headersFilters) {
    return new NettyWriteResponseFilter(gateway.getStreamingMediaTypes(), headersFilters);
  }

  @Bean
  ServicesProperties servicesProperties(Environment environment) {
    return ServicesProperties.from(environment);
  }

  @Bean
  ServiceCallFilter serviceCallFilter(
      EventLoopClients clients,
      HttpClientProperties properties,
      ProxyHeaders.Request requestHeaders,
      ObjectProvider<HttpHeadersFilter> headersFilters,
      ObjectProvider<Tracer> tracer,
      ObjectProvider<Propagator> propagator) {
    return new ServiceCallFilter(
        clients,
        properties,
        requestHeaders,
        headersFilters.orderedStream().toList(),
        new ProxySpans(tracer.getIfAvailable(), propagator.getIfAvailable()));
  }
}
