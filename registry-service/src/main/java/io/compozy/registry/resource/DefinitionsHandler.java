package io.compozy.registry.resource;

import io.compozy.contracts.catalog.ResourceDocument;
import io.compozy.contracts.catalog.ResourceKinds;
import io.compozy.contracts.dsl.BasicTask;
import io.compozy.contracts.dsl.TaskDef;
import io.compozy.contracts.dsl.ToolDef;
import io.compozy.contracts.dsl.WorkflowChecks;
import io.compozy.contracts.dsl.WorkflowDef;
import io.compozy.contracts.json.Json;
import io.compozy.contracts.schema.Violation;
import io.compozy.contracts.topic.Topics;
import io.compozy.support.outbox.Outbox;
import io.compozy.support.outbox.OutboxMessage;
import io.compozy.support.problem.ApiProblem;
import io.compozy.support.web.ApiResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
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
import reactor.core.publisher.Mono;

/**
 * The definitions API for workflows and tools: list (cursor pages, {@code q} prefix), read with a
 * strong ETag, upsert with {@code If-Match}, delete (409 while referenced), and the history of
 * versions. Every change is validated first, stored with its previous version kept, and published
 * to {@code compozy.resources} through the outbox after commit.
 */
@RestController
@RequestMapping("/api/v0")
class DefinitionsHandler {
  static final String USER_HEADER = "X-Compozy-User-Id";
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
  private static final int MAX_PAGE = 500;
  private final ResourceStore store;
  private final Outbox outbox;
  private final TransactionalOperator tx;
  private final Clock clock;

  DefinitionsHandler(ResourceStore store, Outbox outbox, TransactionalOperator tx, Clock clock) {
    this.store = store;
    this.outbox = outbox;
    this.tx = tx;
    this.clock = clock;
  }

  @GetMapping("/{kind}")
  Mono<ResponseEntity<ApiResponse<Map<String, Object>>>> list(@PathVariable String kind,
      @RequestParam(required = false) @Nullable String q, @RequestParam(required = false) @Nullable String cursor,
      @RequestParam(defaultValue = "50") String limit) {
    DefinitionKind k = DefinitionKind.of(kind);
    int size = limit(limit);
    String after = cursor == null ? null : decodeCursor(cursor);
    return store.page(k.path(), q, after, size + 1).collectList().map(rows -> {
      boolean more = rows.size() > size;
      List<ResourceDocument> shown = more ? rows.subList(0, size) : rows;
      String next = more ? encodeCursor(shown.getLast().id()) : null;
      Map<String, Object> page = new LinkedHashMap<>();
      page.put("limit", size);
      page.put("next_cursor", next);
      Map<String, Object> data = new LinkedHashMap<>();
      data.put(k.path(), shown.stream().map(ResourceDocument::body).toList());
      data.put("page", page);
      var response = ResponseEntity.ok();
      if (next != null) {
        response.header(HttpHeaders.LINK, "</api/v0/" + k.path() + "?limit=" + size + (q == null ? "" : "&q=" + java.net.URLEncoder.encode(q, StandardCharsets.UTF_8)) + "&cursor=" + next + ">; rel=\"next\"");
      }
      return response.body(ApiResponse.of(data, capitalized(k.word()) + "s retrieved successfully"));
    });
  }

  @GetMapping("/{kind}/{id}")
  Mono<ResponseEntity<ApiResponse<Object>>> get(@PathVariable String kind, @PathVariable String id,
      @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) @Nullable String ifNoneMatch) {
    DefinitionKind k = DefinitionKind.of(kind);
    return store.find(k.path(), id)
        .switchIfEmpty(Mono.error(() -> ApiProblem.notFound(k.word(), id)))
        .map(s -> s.etag().equals(ifNoneMatch)
            ? ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(s.etag()).<ApiResponse<Object>>build()
            : ResponseEntity.ok().eTag(s.etag()).body(ApiResponse.of(s.document().body(), capitalized(k.word()) + " retrieved successfully")));
  }

  @PutMapping("/{kind}/{id}")
  Mono<ResponseEntity<ApiResponse<Object>>> put(@PathVariable String kind, @PathVariable String id,
      @RequestBody(required = false) @Nullable String body,
      @RequestHeader(name = HttpHeaders.CONTENT_TYPE, required = false) @Nullable MediaType contentType,
      @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
      @RequestHeader(name = USER_HEADER, required = false) @Nullable String user) {
    DefinitionKind k = DefinitionKind.of(kind);
    checkId(id);
    checkIfMatch(ifMatch);
    Object definition = DefinitionParser.parse(body == null ? "" : body, contentType, k.type());
    String bodyId = switch (definition) {
      case WorkflowDef w -> w.id();
      case ToolDef t -> t.id();
      case io.compozy.contracts.dsl.AgentDef a -> a.id();
      case io.compozy.contracts.dsl.ModelDef m -> m.id();
      case io.compozy.contracts.dsl.MemoryDef m -> m.id();
      case io.compozy.contracts.dsl.TaskDef t -> t.id();
      default -> throw new IllegalStateException("no id for " + definition.getClass());
    };
    if (!id.equals(bodyId)) {
      throw ApiProblem.invalidInput("the id in the body differs from the path",
          List.of(new Violation("/id", "is '" + bodyId + "' but the path says '" + id + "'")));
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    Mono<ResponseEntity<ApiResponse<Object>>> work = store.projectName().defaultIfEmpty("default").flatMap(project ->
        validate(definition).then(store.lock(project, k.path(), id).map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty()))
            .flatMap(current -> {
              if (ifMatch != null && (current.isEmpty() || !current.get().etag().equals(ifMatch))) {
                return Mono.error(preconditionFailed(k, id, current.map(ResourceStore.Current::etag).orElse(null)));
              }
              return store.upsert(project, k.path(), id, definition, now, user).flatMap(doc -> {
                boolean created = current.isEmpty();
                boolean changed = current.isEmpty() || doc.version() != current.get().version();
                Mono<Void> publish = changed
                    ? outbox.append(List.of(new OutboxMessage(Topics.RESOURCES, doc.key(), "resource:" + doc.key() + ":" + doc.version(), Json.write(doc))))
                    : Mono.empty();
                String etag = ResourceStore.etag(Json.write(definition));
                ResponseEntity.BodyBuilder answer = created
                    ? ResponseEntity.created(URI.create("/api/v0/" + k.path() + "/" + id))
                    : ResponseEntity.ok();
                return publish.thenReturn(answer.eTag(etag).header("X-Resource-Version", Long.toString(doc.version()))
                    .body(ApiResponse.of(doc.body(), capitalized(k.word()) + (created ? " created" : changed ? " updated" : " unchanged"))));
              });
            }));
    return tx.transactional(work).doOnSuccess(r -> outbox.wake());
  }

  @DeleteMapping("/{kind}/{id}")
  Mono<ResponseEntity<Void>> delete(@PathVariable String kind, @PathVariable String id,
      @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
      @RequestHeader(name = USER_HEADER, required = false) @Nullable String user) {
    DefinitionKind k = DefinitionKind.of(kind);
    checkIfMatch(ifMatch);
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    Mono<ResponseEntity<Void>> work = store.projectName().defaultIfEmpty("default").flatMap(project ->
        store.lock(project, k.path(), id)
            .switchIfEmpty(Mono.error(() -> ApiProblem.notFound(k.word(), id)))
            .flatMap(current -> {
              if (ifMatch != null && !current.etag().equals(ifMatch)) {
                return Mono.error(preconditionFailed(k, id, current.etag()));
              }
              return referencesTo(k, id).flatMap(refs -> {
                if (!refs.isEmpty()) {
                  return Mono.error(ApiProblem.conflict("resource_in_use", k.word() + " '" + id + "' is used by " + String.join(", ", refs))
                      .with("references", refs));
                }
                String key = ResourceDocument.key(project, k.path(), id);
                return store.delete(project, k.path(), id, current.version() + 1, now, user)
                    .flatMap(v -> outbox.append(List.of(new OutboxMessage(Topics.RESOURCES, key, "resource:" + key + ":" + v + ":deleted", null))))
                    .thenReturn(ResponseEntity.noContent().<Void>build());
              });
            }));
    return tx.transactional(work).doOnSuccess(r -> outbox.wake());
  }

  @GetMapping("/{kind}/{id}/versions")
  Mono<ApiResponse<Map<String, Object>>> versions(@PathVariable String kind, @PathVariable String id) {
    DefinitionKind k = DefinitionKind.of(kind);
    return store.versions(k.path(), id).collectList().flatMap(list -> list.isEmpty()
        ? Mono.error(ApiProblem.notFound(k.word(), id))
        : Mono.just(ApiResponse.of(Map.<String, Object>of("id", id, "versions", list), list.size() + " versions")));
  }

  @GetMapping("/{kind}/{id}/versions/{version}")
  Mono<ApiResponse<Object>> version(@PathVariable String kind, @PathVariable String id, @PathVariable String version) {
    DefinitionKind k = DefinitionKind.of(kind);
    long n;
    try {
      n = Long.parseLong(version);
    } catch (NumberFormatException e) {
      throw ApiProblem.badRequest("invalid_parameter", "a version is a number, got '" + version + "'").with("field", "version");
    }
    return store.version(k.path(), id, n)
        .switchIfEmpty(Mono.error(() -> ApiProblem.notFound(k.word() + "_version", id + " version " + n)))
        .map(body -> ApiResponse.of(body, capitalized(k.word()) + " version " + n));
  }

  /** Validation that needs what is stored: a workflow's tools must exist. */
  private Mono<Void> validate(Object definition) {
    if (!(definition instanceof WorkflowDef wf)) {
      return Mono.empty();
    }
    return store.ids(ResourceKinds.TOOL).collect(Collectors.toSet()).flatMap(tools -> {
      List<Violation> problems = WorkflowChecks.check(wf, tools);
      return problems.isEmpty() ? Mono.<Void>empty() : Mono.error(ApiProblem.invalidInput("the workflow is not valid", problems));
    });
  }

  /** Who uses this definition: workflows' tasks naming a tool. */
  private Mono<List<String>> referencesTo(DefinitionKind k, String id) {
    if (!k.path().equals(ResourceKinds.TOOL)) {
      return Mono.just(List.of());
    }
    return store.list(ResourceKinds.WORKFLOW)
        .filter(d -> usesTool(Json.MAPPER.convertValue(d.body(), WorkflowDef.class).tasks(), id))
        .map(d -> "workflows/" + d.id())
        .collectList();
  }

  private static boolean usesTool(List<TaskDef> tasks, String tool) {
    for (TaskDef t : tasks) {
      if (t instanceof BasicTask b && tool.equals(b.tool())
          || t instanceof io.compozy.contracts.dsl.CollectionTask c && usesTool(List.of(c.task()), tool)
          || usesTool(t.children(), tool)) {
        return true;
      }
    }
    return false;
  }

  private static void checkId(String id) {
    if (!ID.matcher(id).matches()) {
      throw ApiProblem.badRequest("invalid_id", "an id is 1 to 128 letters, digits, '_', '-' or '.', starting with a letter or digit")
          .with("field", "id");
    }
  }

  private static void checkIfMatch(@Nullable String ifMatch) {
    if (ifMatch == null) {
      return;
    }
    if (ifMatch.equals("*") || ifMatch.startsWith("W/") || !ifMatch.startsWith("\"")) {
      throw ApiProblem.badRequest("invalid_if_match", "If-Match takes one strong ETag as GET returned it, not '*' or a weak one")
          .with("field", "If-Match");
    }
  }

  private static ApiProblem preconditionFailed(DefinitionKind k, String id, @Nullable String current) {
    ApiProblem p = new ApiProblem(HttpStatus.PRECONDITION_FAILED, "precondition_failed", "Precondition failed",
        k.word() + " '" + id + "' changed since you read it" + (current == null ? " (it does not exist)" : ""), Map.of());
    return current == null ? p : p.with("current_etag", current);
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
    throw ApiProblem.badRequest("invalid_parameter", "limit must be a number from 1 to " + MAX_PAGE).with("field", "limit");
  }

  private static String encodeCursor(String id) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(id.getBytes(StandardCharsets.UTF_8));
  }

  private static String decodeCursor(String cursor) {
    try {
      return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.badRequest("invalid_parameter", "cursor is not one this API gave").with("field", "cursor");
    }
  }

  private static String capitalized(String word) {
    return Character.toUpperCase(word.charAt(0)) + word.substring(1);
  }
}
