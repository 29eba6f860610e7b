package io.compozy.execution.hook;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.compozy.contracts.catalog.ResourceDocument;
import io.compozy.contracts.condition.ConditionException;
import io.compozy.contracts.condition.Conditions;
import io.compozy.contracts.dsl.Durations;
import io.compozy.contracts.dsl.ResourceKinds;
import io.compozy.contracts.dsl.SchemaRefs;
import io.compozy.contracts.dsl.TriggerType;
import io.compozy.contracts.dsl.WebhookVerification;
import io.compozy.contracts.dsl.WorkflowDef;
import io.compozy.contracts.json.Json;
import io.compozy.contracts.schema.JsonSchemas;
import io.compozy.contracts.schema.Violation;
import io.compozy.contracts.template.TemplateException;
import io.compozy.contracts.template.TemplateRenderer;
import io.compozy.execution.run.WorkflowRuns;
import io.compozy.support.catalog.ResourceCatalog;
import io.compozy.support.problem.ApiProblem;
import io.compozy.support.web.ApiResponse;
import io.compozy.support.web.RequestIds;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * {@code POST /hooks/{slug}} (no API key: the gateway lets webhooks through, the signature is their
 * proof): the workflow whose trigger has that {@code slug} checks the signature ({@code verify}),
 * drops a repeated delivery ({@code dedupe}: 409), and the first of its {@code events} whose CEL
 * {@code filter} passes (over {@code payload}, {@code headers}, {@code query}) renders its {@code
 * input} from the payload, checks it against its {@code schema} (422) and starts the workflow (202
 * {@code {status: accepted, event, exec_id}}); none matching is 200 {@code {status:
 * no_matching_event}}.
 */
@RestController
@Tag(name = "Webhooks")
class WebhookHandler {
  private final ResourceCatalog catalog;
  private final WorkflowRuns workflows;
  private final ReactiveStringRedisTemplate redis;
  private final Clock clock;
  private final Conditions conditions = new Conditions();
  private final TemplateRenderer templates = new TemplateRenderer();
  private final JsonSchemas schemas = new JsonSchemas();
  private final Map<String, Map.Entry<Long, List<Hook>>> hooks = new ConcurrentHashMap<>();

  WebhookHandler(
      ResourceCatalog catalog,
      WorkflowRuns workflows,
      ReactiveStringRedisTemplate redis,
      Clock clock) {
    this.catalog = catalog;
    this.workflows = workflows;
    this.redis = redis;
    this.clock = clock;
  }

  /** A webhook trigger of a workflow. */
  record Hook(String workflowId, Map<String, Object> config) {
    String slug() {
      return String.valueOf(config.get("slug"));
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> part(String name) {
      return config.get(name) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
  }

  /** What a delivery did: started the workflow of its event, or matched no event. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @Schema(name = "WebhookDelivery")
  record Delivery(Outcome status, @Nullable String event, @Nullable String execId) {
    enum Outcome {
      @JsonProperty("accepted")
      ACCEPTED,
      @JsonProperty("no_matching_event")
      NO_MATCHING_EVENT
    }
  }

  @RequestMapping(path = "/api/v0/hooks/{slug}", method = RequestMethod.POST)
  @Operation(
      operationId = "postWebhook",
      summary =
          "Delivers a webhook (its events start workflows; "
              + "verified as the hook says, no key needed)")
  @io.swagger.v3.oas.annotations.responses.ApiResponse(
      responseCode = "202",
      description = "Accepted")
  @io.swagger.v3.oas.annotations.responses.ApiResponse(
      responseCode = "200",
      description = "Verified but nothing to start")
  Mono<ResponseEntity<ApiResponse<Delivery>>> post(
      @PathVariable String slug,
      @RequestBody(required = false) byte @Nullable [] body,
      @Parameter(hidden = true) @RequestHeader HttpHeaders headers,
      ServerWebExchange exchange) {
    return receive(slug, body, headers, exchange);
  }

  @RequestMapping(path = "/api/v0/hooks/{slug}", method = RequestMethod.PUT)
  @Operation(operationId = "putWebhook", summary = "Delivers a webhook whose method is PUT")
  @io.swagger.v3.oas.annotations.responses.ApiResponse(
      responseCode = "202",
      description = "Accepted")
  @io.swagger.v3.oas.annotations.responses.ApiResponse(
      responseCode = "200",
      description = "Verified but nothing to start")
  Mono<ResponseEntity<ApiResponse<Delivery>>> put(
      @PathVariable String slug,
      @RequestBody(required = false) byte @Nullable [] body,
      @Parameter(hidden = true) @RequestHeader HttpHeaders headers,
      ServerWebExchange exchange) {
    return receive(slug, body, headers, exchange);
  }

  @RequestMapping(path = "/api/v0/hooks/{slug}", method = RequestMethod.PATCH)
  @Operation(operationId = "patchWebhook", summary = "Delivers a webhook whose method is PATCH")
  @io.swagger.v3.oas.annotations.responses.ApiResponse(
      responseCode = "202",
      description = "Accepted")
  @io.swagger.v3.oas.annotations.responses.ApiResponse(
      responseCode = "200",
      description = "Verified but nothing to start")
  Mono<ResponseEntity<ApiResponse<Delivery>>> patch(
      @PathVariable String slug,
      @RequestBody(required = false) byte @Nullable [] body,
      @Parameter(hidden = true) @RequestHeader HttpHeaders headers,
      ServerWebExchange exchange) {
    return receive(slug, body, headers, exchange);
  }

  private Mono<ResponseEntity<ApiResponse<Delivery>>> receive(
      String slug, byte @Nullable [] body, HttpHeaders headers, ServerWebExchange exchange) {
    Hook hook = find(slug).orElseThrow(() -> ApiProblem.notFound("webhook", slug));
    String method =
        String.valueOf(hook.config().getOrDefault("method", "POST")).toUpperCase(Locale.ROOT);
    if (!method.equals(exchange.getRequest().getMethod().name())) {
      throw new ApiProblem(
          HttpStatus.METHOD_NOT_ALLOWED,
          "method_not_allowed",
          "Method not allowed",
          "webhook '" + slug + "' takes " + method,
          Map.of());
    }
    byte[] raw = body == null ? new byte[0] : body;
    Map<String, Object> verify = hook.part("verify");
    Object named = verify.get("strategy");
    WebhookVerification strategy =
        WebhookVerification.parse(named == null ? null : String.valueOf(named)).orElse(null);
    if (strategy != WebhookVerification.NONE) {
      String refused;
      if (strategy == null) {
        // the checks refuse such a definition when it is stored; one stored before is refused here
        refused = "verify strategy '" + named + "' is not one of " + WebhookVerification.names();
      } else {
        String header =
            verify.get("header") != null
                ? String.valueOf(verify.get("header"))
                : strategy.defaultHeader();
        Duration tolerance =
            verify.get("tolerance") == null
                ? Duration.ofMinutes(5)
                : Durations.parse(String.valueOf(verify.get("tolerance")));
        refused =
            Signatures.check(
                strategy,
                secret(verify.get("secret")),
                headers.getFirst(header),
                raw,
                clock.instant(),
                tolerance);
      }
      if (refused != null) {
        throw new ApiProblem(
            HttpStatus.UNAUTHORIZED,
            "invalid_signature",
            "Unauthorized",
            "webhook '" + slug + "': " + refused,
            Map.of());
      }
    }
    Object payload;
    try {
      payload = raw.length == 0 ? Map.of() : Json.plain(new String(raw, StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      throw ApiProblem.badRequest("invalid_json", "the webhook body is not JSON")
          .with("field", "body");
    }
    Map<String, Object> scope = new LinkedHashMap<>();
    scope.put("payload", payload);
    Map<String, Object> headerView = new LinkedHashMap<>();
    headers.forEach((k, v) -> headerView.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
    scope.put("headers", headerView);
    Map<String, Object> query = new LinkedHashMap<>();
    exchange
        .getRequest()
        .getQueryParams()
        .forEach((k, v) -> query.put(k, v.size() == 1 ? v.getFirst() : v));
    scope.put("query", query);

    Map<String, Object> matched = null;
    for (Object e : hook.config().get("events") instanceof List<?> l ? l : List.of()) {
      if (e instanceof Map<?, ?> event && passes(event.get("filter"), scope, slug)) {
        @SuppressWarnings("unchecked")
        Map<String, Object> ev = (Map<String, Object>) event;
        matched = ev;
        break;
      }
    }
    if (matched == null) {
      return Mono.just(
          ResponseEntity.ok(
              ApiResponse.of(
                  new Delivery(Delivery.Outcome.NO_MATCHING_EVENT, null, null),
                  "No event of the webhook matched")));
    }
    String eventName = String.valueOf(matched.get("name"));
    Map<String, Object> input = input(matched.get("input"), payload, scope, slug);
    Object schemaRef = matched.get("schema");
    if (schemaRef != null) {
      List<Object> own = catalog.workflow(hook.workflowId()).map(WorkflowDef::schemas).orElse(null);
      Map<String, Object> schema =
          SchemaRefs.resolve(schemaRef, own, catalog::schema)
              .orElseThrow(
                  () ->
                      ApiProblem.conflict(
                          "schema_not_found",
                          "the webhook's event '"
                              + eventName
                              + "' names schema '"
                              + schemaRef
                              + "', which is not defined"));
      List<Violation> violations = schemas.validate(schema, input, "/input");
      if (!violations.isEmpty()) {
        throw ApiProblem.invalidInput(
            "the webhook's event '" + eventName + "' does not match its schema", violations);
      }
    }
    String dedupeKey = dedupeKey(hook, headers, scope, slug);
    Mono<Boolean> claimed =
        dedupeKey == null
            ? Mono.just(true)
            : redis
                .opsForValue()
                .setIfAbsent("compozy:hook:" + slug + ":" + dedupeKey, "1", dedupeTtl(hook));
    String requestId = RequestIds.of(exchange);
    return claimed.flatMap(
        first -> {
          if (!first) {
            return Mono.error(
                ApiProblem.conflict(
                    "duplicate_delivery",
                    "webhook '" + slug + "' received '" + dedupeKey + "' already"));
          }
          return workflows
              .start(
                  hook.workflowId(),
                  input,
                  dedupeKey == null ? null : "hook:" + slug + ":" + dedupeKey,
                  requestId)
              .onErrorResume(
                  e ->
                      dedupeKey == null
                          ? Mono.error(e)
                          : redis
                              .delete("compozy:hook:" + slug + ":" + dedupeKey)
                              .then(Mono.error(e))) // a failed start may be retried
              .map(
                  execId ->
                      ResponseEntity.status(HttpStatus.ACCEPTED)
                          .body(
                              ApiResponse.of(
                                  HttpStatus.ACCEPTED,
                                  new Delivery(Delivery.Outcome.ACCEPTED, eventName, execId),
                                  "Webhook accepted")));
        });
  }

  private boolean passes(@Nullable Object filter, Map<String, Object> scope, String slug) {
    if (filter == null || String.valueOf(filter).isBlank()) {
      return true;
    }
    try {
      return conditions.test(String.valueOf(filter), scope);
    } catch (ConditionException e) {
      throw ApiProblem.invalidInput(
          "webhook '" + slug + "': a filter cannot be evaluated",
          List.of(new Violation("/filter", e.getMessage())));
    }
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> input(
      @Nullable Object template, Object payload, Map<String, Object> scope, String slug) {
    if (template == null) {
      return payload instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of("payload", payload);
    }
    try {
      Object rendered = templates.render(template, scope);
      return rendered instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of("input", rendered);
    } catch (TemplateException e) {
      throw ApiProblem.invalidInput(
          "webhook '" + slug + "': the event input cannot be rendered from this payload",
          List.of(new Violation("/input", e.getMessage())));
    }
  }

  private @Nullable String dedupeKey(
      Hook hook, HttpHeaders headers, Map<String, Object> scope, String slug) {
    Map<String, Object> dedupe = hook.part("dedupe");
    if (!Boolean.TRUE.equals(dedupe.get("enabled"))) {
      return null;
    }
    String given = headers.getFirst("X-Idempotency-Key");
    if (given != null && !given.isBlank()) {
      return given;
    }
    if (dedupe.get("key") != null) {
      try {
        Object key = templates.render(String.valueOf(dedupe.get("key")), scope);
        return key == null || String.valueOf(key).isBlank() ? null : String.valueOf(key);
      } catch (TemplateException e) {
        throw ApiProblem.invalidInput(
            "webhook '" + slug + "': the dedupe key cannot be read from this payload",
            List.of(new Violation("/dedupe/key", e.getMessage())));
      }
    }
    return null;
  }

  private static Duration dedupeTtl(Hook hook) {
    Object ttl = hook.part("dedupe").get("ttl");
    return ttl == null ? Duration.ofHours(24) : Durations.parse(String.valueOf(ttl));
  }

  /**
   * The secret as written, or rendered from the environment ({@code {{ .env.GITHUB_WEBHOOK_SECRET
   * }}}).
   */
  private String secret(@Nullable Object secret) {
    if (secret == null) {
      return "";
    }
    String s = String.valueOf(secret);
    if (!s.contains("{{")) {
      return s;
    }
    try {
      return String.valueOf(templates.render(s, Map.of("env", System.getenv())));
    } catch (TemplateException e) {
      throw new ApiProblem(
          HttpStatus.INTERNAL_SERVER_ERROR,
          "webhook_misconfigured",
          "Internal error",
          "the webhook's secret cannot be rendered: " + e.getMessage(),
          Map.of());
    }
  }

  /**
   * The webhook trigger with this slug, from the workflows' current definitions (read once per
   * version).
   */
  @SuppressWarnings("unchecked")
  private Optional<Hook> find(String slug) {
    for (ResourceDocument d : catalog.documents(ResourceKinds.WORKFLOW)) {
      Map.Entry<Long, List<Hook>> known = hooks.get(d.id());
      if (known == null || known.getKey() != d.version()) {
        WorkflowDef wf = Json.MAPPER.convertValue(d.body(), WorkflowDef.class);
        List<Hook> own =
            wf.triggers() == null
                ? List.of()
                : wf.triggers().stream()
                    .filter(
                        t ->
                            TriggerType.parse(t.type()).orElse(null) == TriggerType.WEBHOOK
                                && t.webhook() != null)
                    .map(t -> new Hook(d.id(), t.webhook()))
                    .toList();
        known = Map.entry(d.version(), own);
        hooks.put(d.id(), known);
      }
      for (Hook h : known.getValue()) {
        if (slug.equals(h.slug())) {
          return Optional.of(h);
        }
      }
    }
    return Optional.empty();
  }
}
