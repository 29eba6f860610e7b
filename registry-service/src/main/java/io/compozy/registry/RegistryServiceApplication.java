package io.compozy.registry;

import io.compozy.support.ServiceName;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The source of truth for definitions. */
@SpringBootApplication
@ServiceName("registry-service")
@ConfigurationPropertiesScan
public class RegistryServiceApplication {
  public static void main(String[] args) {
    SpringApplication.run(RegistryServiceApplication.class, args);
  }
}
