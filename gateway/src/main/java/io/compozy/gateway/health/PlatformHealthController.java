package io.compozy.gateway.health;

import io.compozy.gateway.routing.ServicesProperties;
import io.compozy.support.web.ApiResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.function.Tuples;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * {@code GET /api/v0/health}: asks every service (and the gateway itself) for its readiness in
 * parallel and reports each, plus Postgres, Redis and Kafka as the services see them. 200 when all
 * are UP, 503 naming what is not.
 */
@RestController
@Tag(name = "Platform")
class PlatformHealthController {
  private static final Duration TIMEOUT = Duration.ofSeconds(3);

  /**
   * How long one check answers every caller: the public health must not ask every service on each
   * call.
   */
  private static final Duration FRESH = Duration.ofSeconds(1);

  private final ServicesProperties services;
  private final Environment environment;
  private final WebClient http;

  /** The last check while it is fresh; callers meanwhile share one check in flight. */
  private final Mono<ResponseEntity<ApiResponse<PlatformHealth>>> current;

  PlatformHealthController(
      ServicesProperties services, Environment environment, WebClient.Builder http) {
    this.services = services;
    this.environment = environment;
    this.http = http.build();
    this.current =
        Mono.defer(this::check).cache(answer -> FRESH, error -> Duration.ZERO, () -> Duration.ZERO);
  }

  /**
   * The report: each service's status (UP while one of its instances is), how many of its instances
   * are up ("2/2"), each dependency's status, and what is down.
   */
  record PlatformHealth(
      String status,
      Map<String, String> services,
      Map<String, String> instances,
      Map<String, String> dependencies,
      List<String> down) {}

  @GetMapping("/api/v0/health")
  @Operation(
      operationId = "getHealth",
      summary = "Whether the platform and its dependencies are up (no key needed)")
  Mono<ResponseEntity<ApiResponse<PlatformHealth>>> health() {
    return current;
  }

  private Mono<ResponseEntity<ApiResponse<PlatformHealth>>> check() {
    Map<String, List<URI>> targets = new LinkedHashMap<>();
    targets.put(
        "gateway",
        List.of(
            URI.create(
                "http://127.0.0.1:" + environment.getProperty("local.server.port", "5001"))));
    services.all().forEach((kind, uris) -> targets.put(kind.key(), uris));
    return Flux.fromIterable(targets.entrySet())
        .flatMapSequential(
            e ->
                Flux.fromIterable(e.getValue())
                    .flatMapSequential(uri -> probe(uri, e.getKey().equals("gateway")))
                    .collectList()
                    .map(nodes -> Tuples.of(e.getKey(), nodes)))
        .collectList()
        .map(
            results -> {
              Map<String, String> serviceStatus = new LinkedHashMap<>();
              Map<String, String> instances = new LinkedHashMap<>();
              Map<String, String> deps = new LinkedHashMap<>();
              for (var r : results) {
                long up =
                    r.getT2().stream()
                        .filter(node -> node.path("status").asString("DOWN").equals("UP"))
                        .count();
                serviceStatus.put(r.getT1(), up > 0 ? "UP" : "DOWN");
                instances.put(r.getT1(), up + "/" + r.getT2().size());
                for (JsonNode node : r.getT2()) {
                  JsonNode components = node.path("components");
                  merge(deps, "postgres", components.path("r2dbc"));
                  merge(deps, "redis", components.path("redis"));
                  merge(deps, "kafka", components.path("kafka"));
                }
              }
              List<String> down = new ArrayList<>();
              serviceStatus.forEach(
                  (k, v) -> {
                    if (!v.equals("UP")) {
                      down.add(k);
                    }
                  });
              deps.forEach(
                  (k, v) -> {
                    if (!v.equals("UP")) {
                      down.add(k);
                    }
                  });
              boolean up = down.isEmpty();
              var body =
                  new PlatformHealth(up ? "UP" : "DOWN", serviceStatus, instances, deps, down);
              HttpStatus status = up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE;
              return ResponseEntity.status(status)
                  .body(
                      ApiResponse.of(
                          status,
                          body,
                          up
                              ? "all services and dependencies are up"
                              : "down: " + String.join(", ", down)));
            });
  }

  /**
   * A dependency is as healthy as the worst report of it; a service that cannot say adds nothing.
   */
  private static void merge(Map<String, String> deps, String name, JsonNode component) {
    if (component.isMissingNode()) {
      return;
    }
    String status = component.path("status").asString("DOWN");
    deps.merge(name, status, (a, b) -> a.equals("UP") ? b : a);
  }

  private Mono<JsonNode> probe(URI base, boolean self) {
    // the gateway's full health has Redis in it; its readiness leaves Redis out (the limiter may
    // fail open)
    String path = self ? "/actuator/health" : "/actuator/health/readiness";
    return http.get()
        .uri(base.resolve(path))
        .exchangeToMono(r -> r.bodyToMono(JsonNode.class))
        .timeout(TIMEOUT)
        .onErrorResume(e -> Mono.just(JsonNodeFactory.instance.objectNode().put("status", "DOWN")));
  }
}
