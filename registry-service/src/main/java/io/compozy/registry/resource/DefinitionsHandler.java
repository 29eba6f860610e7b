package io.compozy.registry.resource;

import io.compozy.contracts.catalog.ResourceDocument;
import io.compozy.contracts.dsl.ResourceKinds;
import io.compozy.contracts.dsl.WorkflowDef;
import io.compozy.contracts.json.Json;
import io.compozy.contracts.schema.Violation;
import io.compozy.support.outbox.Outbox;
import io.compozy.support.problem.ApiProblem;
import io.compozy.support.web.ApiResponse;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.node.ObjectNode;

/**
 * The definitions API for every kind: list (cursor pages, {@code q} prefix, {@code workflow_id}),
 * read with a strong ETag (workflows with {@code expand}), upsert with {@code If-Match}, delete
 * (409 while referenced), and the history of versions. Every change is validated first, stored with
 * its previous version kept, and published to {@code compozy.resources} through the outbox after
 * commit.
 */
@RestController
@RequestMapping("/api/v0")
class DefinitionsHandler {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
  private static final int MAX_PAGE = 500;
  private final ResourceStore store;
  private final DefinitionWriter writer;
  private final DefinitionChecks checks;
  private final WorkflowParts parts;
  private final Outbox outbox;
  private final TransactionalOperator tx;
  private final Clock clock;

  DefinitionsHandler(
      ResourceStore store,
      DefinitionWriter writer,
      DefinitionChecks checks,
      WorkflowParts parts,
      Outbox outbox,
      TransactionalOperator tx,
      Clock clock) {
    this.store = store;
    this.writer = writer;
    this.checks = checks;
    this.parts = parts;
    this.outbox = outbox;
    this.tx = tx;
    this.clock = clock;
  }

  @GetMapping("/{kind}")
  Mono<ResponseEntity<ApiResponse<Map<String, Object>>>> list(
      @PathVariable String kind,
      @RequestParam(required = false) @Nullable String q,
      @RequestParam(required = false) @Nullable String cursor,
      @Parameter(
              description = "how many (1-500, default 50)",
              schema =
                  @Schema(type = "integer", minimum = "1", maximum = "500", defaultValue = "50"))
          @RequestParam(defaultValue = "50")
          String limit,
      @RequestParam(name = "workflow_id", required = false) @Nullable String workflowId) {
    DefinitionKind k = DefinitionKind.of(kind);
    if (workflowId != null) {
      return ofWorkflow(k, workflowId, q);
    }
    int size = limit(limit);
    String after = cursor == null ? null : decodeCursor(cursor);
    return store
        .page(k.path(), q, after, size + 1)
        .collectList()
        .map(
            rows -> {
              boolean more = rows.size() > size;
              List<ResourceDocument> shown = more ? rows.subList(0, size) : rows;
              String next = more ? encodeCursor(shown.getLast().id()) : null;
              var response = ResponseEntity.ok();
              if (next != null) {
                response.header(
                    HttpHeaders.LINK,
                    "</api/v0/"
                        + k.path()
                        + "?limit="
                        + size
                        + (q == null ? "" : "&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8))
                        + "&cursor="
                        + next
                        + ">; rel=\"next\"");
              }
              return response.body(
                  ApiResponse.of(
                      page(k, shown.stream().map(ResourceDocument::body).toList(), size, next),
                      k.capitalized() + "s retrieved successfully"));
            });
  }

  /** {@code workflow_id}: the tasks, agents or tools of one workflow, all in one page. */
  private Mono<ResponseEntity<ApiResponse<Map<String, Object>>>> ofWorkflow(
      DefinitionKind k, String workflowId, @Nullable String q) {
    if (!WorkflowParts.EXPANDABLE.contains(k.path())) {
      throw ApiProblem.badRequest(
              "invalid_parameter", "workflow_id filters tasks, agents and tools, not " + k.path())
          .with("field", "workflow_id");
    }
    return parts
        .of(workflowId, k.path())
        .map(
            list ->
                list.stream()
                    .filter(
                        d ->
                            q == null
                                || DefinitionKind.idOf(Json.MAPPER.convertValue(d, Map.class))
                                    .startsWith(q))
                    .toList())
        .map(
            list ->
                ResponseEntity.ok(
                    ApiResponse.of(
                        page(k, list, list.size(), null),
                        k.capitalized() + "s of workflow " + workflowId)));
  }

  private static Map<String, Object> page(
      DefinitionKind k, List<Object> items, int size, @Nullable String next) {
    Map<String, Object> page = new LinkedHashMap<>();
    page.put("limit", size);
    page.put("next_cursor", next);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put(k.listKey(), items);
    data.put("page", page);
    return data;
  }

  @GetMapping("/{kind}/{id}")
  Mono<ResponseEntity<ApiResponse<Object>>> get(
      @PathVariable String kind,
      @PathVariable String id,
      @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false)
          @Nullable String ifNoneMatch,
      @RequestParam(required = false) @Nullable String expand) {
    DefinitionKind k = DefinitionKind.of(kind);
    List<String> expanded = expanded(k, expand);
    return store
        .find(k.path(), id)
        .switchIfEmpty(Mono.error(() -> ApiProblem.notFound(k.word(), id)))
        .flatMap(
            s -> {
              if (expanded.isEmpty()) {
                return Mono.just(
                    s.etag().equals(ifNoneMatch)
                        ? ResponseEntity.status(HttpStatus.NOT_MODIFIED)
                            .eTag(s.etag())
                            .<ApiResponse<Object>>build()
                        : ResponseEntity.ok()
                            .eTag(s.etag())
                            .body(
                                ApiResponse.of(
                                    k.answered(s.document().body()),
                                    k.capitalized() + " retrieved successfully")));
              }
              WorkflowDef wf = Json.MAPPER.convertValue(s.document().body(), WorkflowDef.class);
              return Flux.fromIterable(expanded)
                  .concatMap(part -> parts.of(wf, part).map(list -> Map.entry(part, list)))
                  .collectMap(Map.Entry::getKey, Map.Entry::getValue, LinkedHashMap::new)
                  .map(
                      more -> {
                        Map<String, Object> data =
                            new LinkedHashMap<>(
                                Json.MAPPER.convertValue(
                                    s.document().body(),
                                    new TypeReference<Map<String, Object>>() {}));
                        data.put("expanded", more);
                        return ResponseEntity.ok()
                            .body(
                                ApiResponse.<Object>of(
                                    data, k.capitalized() + " retrieved successfully"));
                      });
            });
  }

  private static List<String> expanded(DefinitionKind k, @Nullable String expand) {
    if (expand == null || expand.isBlank()) {
      return List.of();
    }
    List<String> parts =
        Arrays.stream(expand.split(","))
            .map(String::trim)
            .filter(p -> !p.isEmpty())
            .distinct()
            .toList();
    if (!k.path().equals(ResourceKinds.WORKFLOW) || !WorkflowParts.EXPANDABLE.containsAll(parts)) {
      throw ApiProblem.badRequest(
              "invalid_parameter", "expand takes tasks, agents and/or tools, on workflows only")
          .with("field", "expand");
    }
    return parts;
  }

  @PutMapping("/{kind}/{id}")
  Mono<ResponseEntity<ApiResponse<Object>>> put(
      @PathVariable String kind,
      @PathVariable String id,
      @RequestBody(required = false) byte @Nullable [] body,
      @RequestHeader(name = HttpHeaders.CONTENT_TYPE, required = false)
          @Nullable MediaType contentType,
      @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
      @AuthenticationPrincipal(expression = "userId") String user) {
    DefinitionKind k = DefinitionKind.of(kind);
    checkId(id);
    checkIfMatch(ifMatch);
    String text = DefinitionParser.text(body);
    if (k.itemKey()
        != null) { // Compozy's knowledge bases take their id from the path when the body has none
      text = withId(text, id);
    }
    DefinitionParser.Parsed<?> parsed =
        DefinitionParser.parseWithWarnings(text, contentType, k.type());
    Object definition = parsed.value();
    String warnings =
        parsed.warnings().isEmpty()
            ? ""
            : "; warnings: "
                + String.join(
                    "; ",
                    parsed.warnings().stream().map(v -> v.pointer() + " " + v.message()).toList());
    String bodyId = DefinitionKind.idOf(definition);
    if (!id.equals(bodyId)) {
      throw ApiProblem.invalidInput(
          "the id in the body differs from the path",
          List.of(new Violation("/id", "is '" + bodyId + "' but the path says '" + id + "'")));
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    Mono<ResponseEntity<ApiResponse<Object>>> work =
        checks
            .validate(definition, k.word())
            .then(store.projectName().defaultIfEmpty("default"))
            .flatMap(project -> writer.put(project, k, id, definition, ifMatch, now, user))
            .map(
                w -> {
                  ResponseEntity.BodyBuilder answer =
                      w.created()
                          ? ResponseEntity.created(URI.create("/api/v0/" + k.path() + "/" + id))
                          : ResponseEntity.ok();
                  return answer
                      .eTag(w.etag())
                      .header("X-Resource-Version", Long.toString(w.document().version()))
                      .body(
                          ApiResponse.of(
                              w.created() ? HttpStatus.CREATED : HttpStatus.OK,
                              k.answered(w.document().body()),
                              k.capitalized()
                                  + (w.created()
                                      ? " created"
                                      : w.changed() ? " updated" : " unchanged")
                                  + warnings));
                });
    return tx.transactional(work).doOnSuccess(r -> outbox.wake());
  }

  @DeleteMapping("/{kind}/{id}")
  Mono<ResponseEntity<Void>> delete(
      @PathVariable String kind,
      @PathVariable String id,
      @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
      @AuthenticationPrincipal(expression = "userId") String user) {
    DefinitionKind k = DefinitionKind.of(kind);
    checkIfMatch(ifMatch);
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    Mono<ResponseEntity<Void>> work =
        store
            .projectName()
            .defaultIfEmpty("default")
            .zipWith(checks.referencesTo(k.path(), id))
            .flatMap(t -> writer.delete(t.getT1(), k, id, ifMatch, t.getT2(), now, user))
            .thenReturn(ResponseEntity.noContent().<Void>build());
    return tx.transactional(work).doOnSuccess(r -> outbox.wake());
  }

  @GetMapping("/{kind}/{id}/versions")
  Mono<ApiResponse<Map<String, Object>>> versions(
      @PathVariable String kind, @PathVariable String id) {
    DefinitionKind k = DefinitionKind.of(kind);
    return store
        .versions(k.path(), id)
        .collectList()
        .flatMap(
            list ->
                list.isEmpty()
                    ? Mono.error(ApiProblem.notFound(k.word(), id))
                    : Mono.just(
                        ApiResponse.of(
                            Map.<String, Object>of("id", id, "versions", list),
                            list.size() + " versions")));
  }

  @GetMapping("/{kind}/{id}/versions/{version}")
  Mono<ApiResponse<Object>> version(
      @PathVariable String kind, @PathVariable String id, @PathVariable String version) {
    DefinitionKind k = DefinitionKind.of(kind);
    long n;
    try {
      n = Long.parseLong(version);
    } catch (NumberFormatException e) {
      throw ApiProblem.badRequest(
              "invalid_parameter", "a version is a number, got '" + version + "'")
          .with("field", "version");
    }
    return store
        .version(k.path(), id, n)
        .switchIfEmpty(
            Mono.error(() -> ApiProblem.notFound(k.word() + "_version", id + " version " + n)))
        .map(body -> ApiResponse.of(body, k.capitalized() + " version " + n));
  }

  /**
   * The body with {@code id} set when it is a mapping without one; otherwise as it was (the parser
   * reports what is wrong).
   */
  private static String withId(String text, String id) {
    try {
      if (Json.STRICT_YAML.readTree(text) instanceof ObjectNode tree && !tree.has("id")) {
        ObjectNode with = Json.MAPPER.createObjectNode().put("id", id);
        with.setAll(tree);
        return with.toString();
      }
    } catch (RuntimeException e) {
      // not YAML or JSON: the parser names the problem
    }
    return text;
  }

  static void checkId(String id) {
    if (!ID.matcher(id).matches()) {
      throw ApiProblem.badRequest(
              "invalid_id",
              "an id is 1 to 128 letters, digits, '_', '-' or '.', starting with a letter or digit")
          .with("field", "id");
    }
  }

  static void checkIfMatch(@Nullable String ifMatch) {
    if (ifMatch == null) {
      return;
    }
    if (ifMatch.equals("*") || ifMatch.startsWith("W/") || !ifMatch.startsWith("\"")) {
      throw ApiProblem.badRequest(
              "invalid_if_match",
              "If-Match takes one strong ETag as GET returned it, not '*' or a weak one")
          .with("field", "If-Match");
    }
  }

  private static int limit(String value) {
    try {
      int n = Integer.parseInt(value);
      if (n >= 1) {
        return Math.min(n, MAX_PAGE);
      }
    } catch (NumberFormatException e) {
      // falls through to the problem
    }
    throw ApiProblem.badRequest("invalid_parameter", "limit must be a number from 1 to " + MAX_PAGE)
        .with("field", "limit");
  }

  private static String encodeCursor(String id) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(id.getBytes(StandardCharsets.UTF_8));
  }

  private static String decodeCursor(String cursor) {
    try {
      return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.badRequest("invalid_parameter", "cursor is not one this API gave")
          .with("field", "cursor");
    }
  }
}
