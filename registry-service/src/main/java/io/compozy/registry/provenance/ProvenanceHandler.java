package io.compozy.registry.provenance;

import io.compozy.registry.resource.DefinitionKind;
import io.compozy.registry.resource.ResourceStore;
import io.compozy.support.problem.ApiProblem;
import io.compozy.support.web.ApiResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Compozy's provenance reads ({@code /admin/meta}): who changed which definition when, and where
 * the change came from (the project directory, or the API), from the registry's version history.
 */
@RestController
@RequestMapping("/api/v0/admin/meta")
@io.swagger.v3.oas.annotations.tags.Tag(name = "Admin")
class ProvenanceHandler {
  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 500;
  private final ResourceStore store;

  ProvenanceHandler(ResourceStore store) {
    this.store = store;
  }

  @GetMapping("/changes")
  @io.swagger.v3.oas.annotations.Operation(operationId = "listProvenanceChanges", summary = "The latest changes of definitions, newest first (admin)")
  Mono<ApiResponse<Map<String, Object>>> changes(@RequestParam(required = false) @Nullable String project,
      @io.swagger.v3.oas.annotations.Parameter(description = "how many (1-500, default 50)",
          schema = @io.swagger.v3.oas.annotations.media.Schema(type = "integer", minimum = "1", maximum = "500"))
      @RequestParam(required = false) @Nullable String limit) {
    int n = limit(limit);
    return store.changes(project == null || project.isBlank() ? null : project, n)
        .map(c -> change(c.project(), c.kind(), c.id(), c.version(), c.deleted(), c.changedAt().toString(), c.changedBy()))
        .collectList()
        .map(all -> {
          Map<String, Object> data = new LinkedHashMap<>();
          data.put("changes", all);
          data.put("limit", n);
          return ApiResponse.of(data, all.size() + " changes");
        });
  }

  @GetMapping("/{type}/{id}")
  @io.swagger.v3.oas.annotations.Operation(operationId = "getResourceProvenance", summary = "Where a definition came from: its versions, who made them and when (admin)")
  Mono<ApiResponse<Map<String, Object>>> one(
      @io.swagger.v3.oas.annotations.Parameter(description = "the kind: workflow(s), agent(s), tool(s), task(s), mcp(s), model(s), schema(s), memory/memories, knowledge_base(s), project")
      @PathVariable String type, @PathVariable String id) {
    String kind = kind(type);
    return store.versions(kind, id).collectList().flatMap(versions -> {
      if (versions.isEmpty()) {
        return Mono.error(ApiProblem.notFound(kind.equals("project") ? "project" : DefinitionKind.of(kind).word(), id));
      }
      var latest = versions.getFirst();
      var first = versions.getLast();
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("type", kind);
      data.put("id", id);
      data.put("version", latest.version());
      data.put("deleted", latest.deleted());
      data.put("source", source(latest.changedBy()));
      data.put("updated_at", latest.changedAt().toString());
      data.put("updated_by", latest.changedBy());
      data.put("created_at", first.changedAt().toString());
      data.put("created_by", first.changedBy());
      data.put("versions", versions.size());
      data.put("history", versions.stream().limit(20)
          .map(v -> change(null, kind, id, v.version(), v.deleted(), v.changedAt().toString(), v.changedBy())).toList());
      return Mono.just(ApiResponse.of(data, "Provenance retrieved"));
    });
  }

  private static Map<String, Object> change(@Nullable String project, String kind, String id, long version, boolean deleted, String at,
      @Nullable String by) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (project != null) {
      m.put("project", project);
    }
    m.put("type", kind);
    m.put("id", id);
    m.put("version", version);
    m.put("deleted", deleted);
    m.put("changed_at", at);
    m.put("changed_by", by);
    m.put("source", source(by));
    return m;
  }

  /** {@code project_directory} for a version the directory wrote (at start-up or a reload), else {@code api}. */
  static String source(@Nullable String changedBy) {
    return io.compozy.registry.publish.ProjectImporter.LOADER.equals(changedBy) ? "project_directory" : "api";
  }

  /** Compozy's type names (singular, snake case) and our paths (plural, kebab case) both name a kind. */
  static String kind(String type) {
    String t = type.toLowerCase(Locale.ROOT).replace('_', '-');
    if (t.equals("project")) {
      return "project";
    }
    for (String candidate : List.of(t, t + "s", t.equals("memory") ? "memories" : t)) {
      if (DefinitionKind.SUPPORTED.containsKey(candidate)) {
        return candidate;
      }
    }
    throw ApiProblem.badRequest("invalid_parameter", "type '" + type + "' is not a kind of definition: one of project, "
        + String.join(", ", DefinitionKind.SUPPORTED.keySet())).with("field", "type");
  }

  private static int limit(@Nullable String limit) {
    if (limit == null || limit.isBlank()) {
      return DEFAULT_LIMIT;
    }
    try {
      int n = Integer.parseInt(limit.trim());
      if (n >= 1 && n <= MAX_LIMIT) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ApiProblem.badRequest("invalid_parameter", "limit is a whole number from 1 to " + MAX_LIMIT + ", got '" + limit + "'")
        .with("field", "limit");
  }
}
