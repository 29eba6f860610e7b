package io.compozy.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.DefaultPropertiesPropertySource;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;

/**
 * Adds the settings every service shares ({@code compozy-defaults.properties}: actuator, probes,
 * pools, Kafka client settings, JSON logs, {@code COMPOZY_*} overrides) below everything else, so a
 * service's own {@code application.yml} and the environment override them.
 */
public final class PlatformDefaults implements EnvironmentPostProcessor, Ordered {
  /**
   * Lettuce's per-command observation (a timer and a span for every Redis command) costs more CPU
   * than the commands on a busy service; it is off unless a service lists its own exclusions.
   */
  public static final String NO_REDIS_COMMAND_OBSERVATIONS =
      "org.springframework.boot.data.redis.autoconfigure.observation.LettuceObservationAutoConfiguration";

  @Override
  public int getOrder() {
    // before ConfigDataEnvironmentPostProcessor (HIGHEST_PRECEDENCE + 10) reads spring.config.name
    return Ordered.HIGHEST_PRECEDENCE + 5;
  }

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    Map<String, Object> defaults = new LinkedHashMap<>();
    serviceName(application).ifPresent(name -> defaults.put("spring.config.name", name));
    try {
      PropertiesLoaderUtils.loadProperties(new ClassPathResource("compozy-defaults.properties"))
          .forEach((k, v) -> defaults.put(String.valueOf(k), v));
    } catch (IOException e) {
      throw new UncheckedIOException("compozy-defaults.properties is part of service-support", e);
    }
    defaults.put("spring.autoconfigure.exclude", NO_REDIS_COMMAND_OBSERVATIONS);
    // JSON logs with the request id by default; COMPOZY_LOG_FORMAT=plain gives Boot's text lines
    String format = environment.getProperty("COMPOZY_LOG_FORMAT", "logstash");
    if (!format.equals("plain")) {
      defaults.put("logging.structured.format.console", format);
    }
    // the "defaultProperties" source stays below the application's own config files
    DefaultPropertiesPropertySource.addOrMerge(defaults, environment.getPropertySources());
  }

  private static Optional<String> serviceName(SpringApplication application) {
    return application.getAllSources().stream()
        .filter(Class.class::isInstance)
        .map(source -> ((Class<?>) source).getAnnotation(ServiceName.class))
        .filter(Objects::nonNull)
        .map(ServiceName::value)
        .findFirst();
  }
}
