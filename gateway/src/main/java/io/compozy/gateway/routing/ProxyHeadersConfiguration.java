package io.compozy.gateway.routing;

import io.compozy.support.security.InternalAuthProperties;
import io.compozy.support.security.InternalTokens;
import java.time.Clock;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@link ProxyHeaders} in place of three of Spring Cloud Gateway's header filters, which it
 * declares unconditionally (RemoveHopByHop) or whenever no trusted proxies are configured
 * (RemoveForwarded, RemoveXForwarded): their bean definitions are removed before any bean is made.
 * With trusted proxies configured, the gateway's own Forwarded and X-Forwarded filters stay and
 * what they write is passed on.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(InternalAuthProperties.class)
class ProxyHeadersConfiguration {
  static final List<String> REPLACED =
      List.of(
          "removeHopByHopHeadersFilter",
          "removeForwardedHeadersFilter",
          "removeXForwardedHeadersFilter");

  @Bean
  static BeanDefinitionRegistryPostProcessor replaceGatewayHeaderFilters() {
    return (BeanDefinitionRegistry registry) ->
        REPLACED.forEach(
            name -> {
              if (registry.containsBeanDefinition(name)) {
                registry.removeBeanDefinition(name);
              }
            });
  }

  /** Signs the service tokens of proxied calls and of the gateway's own calls to the services. */
  @Bean
  InternalTokens internalTokens(InternalAuthProperties properties, Clock clock) {
    return InternalTokens.from(properties, clock);
  }

  @Bean
  ProxyHeaders.Request proxyRequestHeaders(
      @Value("${spring.cloud.gateway.server.webflux.trusted-proxies:}") String trustedProxies,
      InternalTokens tokens) {
    return new ProxyHeaders.Request(trustedProxies.isBlank(), tokens);
  }

  @Bean
  ProxyHeaders.Response proxyResponseHeaders() {
    return new ProxyHeaders.Response();
  }
}
