package io.compozy.gateway.routing;

import io.compozy.support.discovery.ServiceAddresses;
import io.compozy.support.discovery.ServiceKind;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.env.Environment;

/**
 * {@code compozy.services}: the instances of each service (routes reach them through the load
 * balancer as {@code lb://<service>}; health and the OpenAPI document ask each instance).
 */
public record ServicesProperties(Map<ServiceKind, List<URI>> instances) {
  public static ServicesProperties from(Environment environment) {
    return new ServicesProperties(Map.copyOf(ServiceAddresses.of(environment)));
  }

  /** Every service's instances, in {@link ServiceKind} order. */
  public Map<ServiceKind, List<URI>> all() {
    Map<ServiceKind, List<URI>> ordered = new LinkedHashMap<>();
    for (ServiceKind kind : ServiceKind.values()) {
      ordered.put(kind, instances.getOrDefault(kind, List.of()));
    }
    return ordered;
  }
}
