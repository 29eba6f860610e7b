package io.compozy.support.discovery;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.ReactiveDiscoveryClient;
import reactor.core.publisher.Flux;

/** The instances of {@link ServiceAddresses}, for Spring Cloud's load balancer. */
public final class ServiceAddressesDiscoveryClient implements ReactiveDiscoveryClient {
  private final Map<String, List<ServiceInstance>> instances = new HashMap<>();

  public ServiceAddressesDiscoveryClient(Map<ServiceKind, List<URI>> addresses) {
    addresses.forEach(
        (service, uris) -> {
          List<ServiceInstance> list = new ArrayList<>();
          for (int i = 0; i < uris.size(); i++) {
            URI uri = uris.get(i);
            list.add(
                new DefaultServiceInstance(
                    service.key() + "-" + (i + 1),
                    service.key(),
                    uri.getHost(),
                    port(uri),
                    "https".equals(uri.getScheme())));
          }
          instances.put(service.key(), List.copyOf(list));
        });
  }

  private static int port(URI uri) {
    return uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
  }

  @Override
  public String description() {
    return "compozy.services.*";
  }

  @Override
  public Flux<ServiceInstance> getInstances(String serviceId) {
    return Flux.fromIterable(instances.getOrDefault(serviceId, List.of()));
  }

  @Override
  public Flux<String> getServices() {
    return Flux.fromIterable(instances.keySet());
  }

  @Override
  public int getOrder() {
    // before Spring Cloud's own simple client, which knows nothing here
    return -1;
  }
}
