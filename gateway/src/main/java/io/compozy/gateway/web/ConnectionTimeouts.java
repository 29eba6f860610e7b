package io.compozy.gateway.web;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Deadlines on the gateway's client connections, so idle and slow ones do not pile up: a kept-alive
 * connection with no request for {@code idle} is closed, a request whose bytes stop coming for
 * {@code read} is answered 408 and closed, and a request (headers and body) must arrive whole
 * within {@code request}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ConnectionTimeouts.Settings.class)
class ConnectionTimeouts {
  /** {@code compozy.gateway.connections.*}. */
  @ConfigurationProperties("compozy.gateway.connections")
  record Settings(
      @DefaultValue("60s") Duration idle,
      @DefaultValue("10s") Duration read,
      @DefaultValue("30s") Duration request) {}

  @Bean
  NettyServerCustomizer connectionDeadlines(Settings settings) {
    return server ->
        server
            .idleTimeout(settings.idle())
            .readTimeout(settings.read())
            .requestTimeout(settings.request());
  }
}
