package io.compozy.support.discovery;

import io.compozy.support.settings.SettingRefusedException;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.env.Environment;

/**
 * Where the other services answer: {@code compozy.services.<name>} is one base URL or a
 * comma-separated list, one per instance ({@code
 * COMPOZY_EXECUTION_URL=http://a:5003,http://b:5003}). {@link ServiceAddressesDiscoveryClient}
 * hands them to Spring Cloud's load balancer, so a caller reaches a service as {@code lb://<name>}
 * (gateway routes) or {@code http://<name>} through the balancer, which spreads calls over the
 * instances that answer their health check. Behind a Kubernetes Service or a compose DNS name the
 * list is that one name.
 */
public final class ServiceAddresses {
  public static final String PREFIX = "compozy.services.";

  private ServiceAddresses() {}

  /**
   * Every service's instances as the environment names them (none for a service it does not name).
   */
  public static Map<ServiceKind, List<URI>> of(Environment environment) {
    Map<ServiceKind, List<URI>> all = new EnumMap<>(ServiceKind.class);
    for (ServiceKind service : ServiceKind.values()) {
      all.put(service, parse(service, environment.getProperty(PREFIX + service.key(), "")));
    }
    return all;
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
        throw new SettingRefusedException(PREFIX + service.key() + ": '" + text + "' is not a URL");
      }
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          || uri.getHost() == null) {
        throw new SettingRefusedException(
            PREFIX + service.key() + ": '" + text + "' is not an http(s) URL with a host");
      }
      uris.add(uri);
    }
    return List.copyOf(uris);
  }
}
