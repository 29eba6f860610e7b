package io.compozy.gateway.routing;

import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
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
class ProxyHeadersConfiguration {
  static final List<String> REPLACED = List.of("removeHopByHopHeadersFilter", "removeForwardedHeadersFilter", "removeXForwardedHeadersFilter");

  @Bean
  static BeanDefinitionRegistryPostProcessor replaceGatewayHeaderFilters() {
    return (BeanDefinitionRegistry registry) -> REPLACED.forEach(name -> {
      if (registry.containsBeanDefinition(name)) {
        registry.removeBeanDefinition(name);
      }
    });
  }

  @Bean
  ProxyHeaders.Request proxyRequestHeaders(@Value("${spring.cloud.gateway.server.webflux.trusted-proxies:}") String trustedProxies) {
    return new ProxyHeaders.Request(trustedProxies.isBlank());
  }

  @Bean
  ProxyHeaders.Response proxyResponseHeaders() {
    return new ProxyHeaders.Response();
  }
}
