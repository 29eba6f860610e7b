package io.compozy.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.PropertiesPropertySourceLoader;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * Adds the settings every service shares ({@code compozy-defaults.properties}: actuator, probes,
 * pools, Kafka client settings, JSON logs, {@code COMPOZY_*} overrides) below everything else, so
 * a service's own {@code application.yml} and the environment override them.
 */
public final class PlatformDefaults implements EnvironmentPostProcessor {
  private static final String NAME = "compozyPlatformDefaults";

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
    if (environment.getPropertySources().contains(NAME)) {
      return;
    }
    try {
      for (PropertySource<?> source : new PropertiesPropertySourceLoader().load(NAME, new ClassPathResource("compozy-defaults.properties"))) {
        environment.getPropertySources().addLast(source);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("compozy-defaults.properties is part of service-support", e);
    }
    // JSON logs with the request id by default; COMPOZY_LOG_FORMAT=plain gives Boot's text lines
    String format = environment.getProperty("COMPOZY_LOG_FORMAT", "logstash");
    if (!format.equals("plain")) {
      environment.getPropertySources().addLast(
          new org.springframework.core.env.MapPropertySource(NAME + "Logging", java.util.Map.of("logging.structured.format.console", format)));
    }
  }
}
