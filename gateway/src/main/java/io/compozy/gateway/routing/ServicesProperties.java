package io.compozy.gateway.routing;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code compozy.gateway.services}: where each service answers. The routes of gateway.yml use
 * registry, execution and scheduler; health and the OpenAPI document also ask workflow.
 */
@ConfigurationProperties("compozy.gateway.services")
public record ServicesProperties(URI registry, URI execution, URI workflow, URI scheduler) {
  /** Every service by name, in a stable order. */
  public Map<String, URI> all() {
    Map<String, URI> all = new LinkedHashMap<>();
    all.put("registry", registry);
    all.put("execution", execution);
    all.put("workflow", workflow);
    all.put("scheduler", scheduler);
    return all;
  }
}
