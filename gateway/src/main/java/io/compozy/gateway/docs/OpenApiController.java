package io.compozy.gateway.docs;

import io.compozy.gateway.auth.AccessTable;
import io.compozy.gateway.routing.ServicesProperties;
import io.compozy.support.discovery.ServiceKind;
import io.compozy.support.security.Caller;
import io.compozy.support.security.InternalTokens;
import io.swagger.v3.oas.annotations.Hidden;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.function.Tuples;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /openapi.json}: the documents of the gateway and every service, merged. Kept for a
 * while; when a service did not answer, the document says so and is rebuilt sooner.
 */
@Hidden
@RestController
class OpenApiController {
  private static final Duration FRESH = Duration.ofSeconds(30);
  private static final Duration FRESH_WHEN_PARTIAL = Duration.ofSeconds(2);

  /**
   * The public paths of the document: one ending in {@code /} is a prefix, any other the path
   * itself.
   */
  private static final Set<String> PUBLIC = Set.of("/api/v0", "/api/v0/health", "/api/v0/hooks/");

  private final ServicesProperties services;
  private final Environment environment;
  private final WebClient http;
  private volatile Cached cached;

  private record Cached(String json, Instant until) {}

  private final InternalTokens tokens;

  OpenApiController(
      ServicesProperties services,
      Environment environment,
      WebClient.Builder http,
      InternalTokens tokens) {
    this.services = services;
    this.tokens = tokens;
    this.environment = environment;
    this.http = http.codecs(c -> c.defaultCodecs().maxInMemorySize(8 * 1024 * 1024)).build();
  }

  @GetMapping(value = "/openapi.json", produces = MediaType.APPLICATION_JSON_VALUE)
  Mono<ResponseEntity<String>> document() {
    Cached c = cached;
    if (c != null && c.until().isAfter(Instant.now())) {
      return Mono.just(ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(c.json()));
    }
    Map<String, List<URI>> sources = new LinkedHashMap<>();
    sources.put(
        "gateway",
        List.of(
            URI.create(
                "http://127.0.0.1:" + environment.getProperty("local.server.port", "5001"))));
    services
        .all()
        .forEach(
            (kind, uris) -> {
              if (kind != ServiceKind.WORKFLOW) { // it serves no API
                sources.put(kind.key(), uris);
              }
            });
    return Flux.fromIterable(sources.entrySet())
        // every instance of a service serves the same document: the first that answers gives it
        .flatMapSequential(
            e ->
                Flux.fromIterable(e.getValue())
                    .concatMap(uri -> fetch(e.getKey(), uri))
                    .next()
                    .map(doc -> Tuples.of(e.getKey(), Optional.of(doc)))
                    .defaultIfEmpty(Tuples.of(e.getKey(), Optional.empty())))
        .collectList()
        .map(
            results -> {
              Map<String, JsonNode> docs = new LinkedHashMap<>();
              List<String> missing = new ArrayList<>();
              results.forEach(
                  r ->
                      r.getT2()
                          .ifPresentOrElse(
                              d -> docs.put(r.getT1(), d), () -> missing.add(r.getT1())));
              String json =
                  OpenApiMerger.merge(docs, missing, PUBLIC, AccessTable::roleFor).toString();
              cached =
                  new Cached(
                      json, Instant.now().plus(missing.isEmpty() ? FRESH : FRESH_WHEN_PARTIAL));
              return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(json);
            });
  }

  private Mono<JsonNode> fetch(String service, URI base) {
    return http.get()
        .uri(base.resolve("/v3/api-docs"))
        // the services answer only signed calls; the gateway's own document is public
        .headers(
            h -> {
              if (!service.equals("gateway")) {
                h.set(HttpHeaders.AUTHORIZATION, tokens.bearer(Caller.service("gateway")));
              }
            })
        .retrieve()
        .bodyToMono(JsonNode.class)
        .timeout(Duration.ofSeconds(5))
        .onErrorResume(err -> Mono.empty());
  }
}
