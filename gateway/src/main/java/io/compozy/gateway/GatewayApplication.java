package io.compozy.gateway;

import io.compozy.support.ServiceName;
import io.compozy.support.web.CloseAfterErrors;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/** The public door: API keys, roles, routing to the services. */
// a span per Redis command (two per request: key cache miss aside, the rate limit) is not worth it
// here
@SpringBootApplication(
    excludeName =
        "org.springframework.boot.data.redis.autoconfigure.observation.LettuceObservationAutoConfiguration")
@ServiceName("gateway")
@ConfigurationPropertiesScan
public class GatewayApplication {
  public static void main(String[] args) {
    SpringApplication.run(GatewayApplication.class, args);
  }

  /**
   * The gateway closes after every answer of its own, not only errors (see {@link
   * CloseAfterErrors}).
   */
  @Bean
  CloseAfterErrors closeAfterOwnAnswers() {
    return new CloseAfterErrors(true);
  }
}
