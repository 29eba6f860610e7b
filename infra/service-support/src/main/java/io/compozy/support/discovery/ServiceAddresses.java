package io.compozy.support.discovery;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Where the other services answer: {@code compozy.services.<name>} is one base URL or a
 * comma-separated list, one per instance ({@code COMPOZY_EXECUTION_URL=http://a:5003,http://b:5003}).
 * Each becomes an instance of Spring Cloud's simple discovery client, so a caller reaches the
 * service as {@code lb://<name>} (gateway routes) or {@code http://<name>} through the load
 * balancer, which spreads calls over the instances that answer their health check. Behind a
 * Kubernetes Service or a compose DNS name the list is that one name.
 */
public final class ServiceAddresses implements EnvironmentPostProcessor, Ordered {
  public static final String PREFIX = "compozy.services.";
  private static final String DISCOVERY = "spring.cloud.discovery.client.simple.instances.";

  @Override
  public int getOrder() {
    // after the application's config files are read: they hold the addresses
    return ConfigDataEnvironmentPostProcessor.ORDER + 1;
  }

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
    Map<String, Object> instances = new LinkedHashMap<>();
    for (ServiceKind service : ServiceKind.values()) {
      String value = environment.getProperty(PREFIX + service.key());
      if (value == null || value.isBlank()) {
        continue;
      }
      List<URI> uris = parse(service, value);
      for (int i = 0; i < uris.size(); i++) {
        instances.put(DISCOVERY + service.key() + "[" + i + "].uri", uris.get(i).toString());
        instances.put(DISCOVERY + service.key() + "[" + i + "].instance-id", service.key() + "-" + (i + 1));
      }
    }
    if (!instances.isEmpty()) {
      environment.getPropertySources().addLast(new MapPropertySource("compozyServiceAddresses", instances));
    }
  }

  /** The base URLs in {@code value}; a malformed one is refused naming the property. */
  public static List<URI> parse(ServiceKind service, String value) {
    List<URI> uris = new ArrayList<>();
    for (String part : value.split(",")) {
      String text = part.strip();
      if (text.isEmpty()) {
        continue;
      }
      URI uri;
      try {
        uri = URI.create(text);
      } catch (IllegalArgumentException e) {
        throw new io.compozy.support.settings.SettingRefusedException(PREFIX + service.key() + ": '" + text + "' is not a URL");
      }
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
        throw new io.compozy.support.settings.SettingRefusedException(PREFIX + service.key() + ": '" + text + "' is not an http(s) URL with a host");
      }
      uris.add(uri);
    }
    return List.copyOf(uris);
  }
}
