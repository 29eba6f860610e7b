package io.compozy.gateway.web;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.server.WebFilterChainProxy;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;
import org.springframework.stereotype.Component;

/**
 * Spring Security's strict firewall, with its default rules, header characters checked by
 * {@link HeaderCharacters}. Requests it refuses (encoded dots or slashes in the path, unknown
 * methods, control characters) get a problem+json 400 and the connection is closed: the default
 * empty 400 left a keep-alive connection unable to serve the next request (Reactor Netty 1.3.7).
 */
@Component
class Firewall implements BeanPostProcessor {
  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (bean instanceof WebFilterChainProxy proxy) {
      StrictServerWebExchangeFirewall firewall = new StrictServerWebExchangeFirewall();
      firewall.setAllowedHeaderNames(HeaderCharacters::allowedName);
      firewall.setAllowedHeaderValues(HeaderCharacters::allowedValue);
      proxy.setFirewall(firewall);
      proxy.setExchangeRejectedHandler((exchange, rejected) -> {
        exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
        return Problems.write(exchange, HttpStatus.BAD_REQUEST, "rejected_request", "Bad request",
            "the request was refused: " + rejected.getMessage());
      });
    }
    return bean;
  }
}
