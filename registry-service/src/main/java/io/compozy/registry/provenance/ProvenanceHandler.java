package io.compozy.registry.provenance;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import io.compozy.registry.publish.ProjectImporter;
import io.compozy.registry.resource.DefinitionKind;
import io.compozy.registry.resource.ResourceStore;
import io.compozy.support.problem.ApiProblem;
import io.compozy.support.web.ApiResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
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
@Tag(name = "Admin")
class ProvenanceHandler {
  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 500;
  private final ResourceStore store;

  ProvenanceHandler(ResourceStore store) {
    this.store = store;
  }

  @GetMapping("/changes")
  @Operation(
      operationId = "listProvenanceChanges",
      summary = "The latest changes of definitions, newest first (admin)")
  Mono<ApiResponse<Changes>> changes(
      @RequestParam(required = false) @Nullable String project,
      @Parameter(
              description = "how many (1-500, default 50)",
              schema = @Schema(type = "integer", minimum = "1", maximum = "500"))
          @RequestParam(required = false)
          @Nullable String limit) {
    int n = limit(limit);
    return store
        .changes(project == null || project.isBlank() ? null : project, n)
        .map(
            c ->
                new Change(
                    c.project(),
                    c.kind(),
                    c.id(),
                    c.version(),
                    c.deleted(),
                    c.changedAt(),
                    c.changedBy(),
                    source(c.changedBy())))
        .collectList()
        .map(all -> ApiResponse.of(new Changes(all, n), all.size() + " changes"));
  }

  @GetMapping("/{type}/{id}")
  @Operation(
      operationId = "getResourceProvenance",
      summary = "Where a definition came from: its versions, who made them and when (admin)")
  Mono<ApiResponse<Provenance>> one(
      @Parameter(
              description =
                  "the kind: workflow(s), agent(s), tool(s), task(s), mcp(s), model(s), schema(s),"
                      + " memory/memories, knowledge_base(s), project")
          @PathVariable
          String type,
      @PathVariable String id) {
    String kind = kind(type);
    return store
        .versions(kind, id)
        .collectList()
        .flatMap(
            versions -> {
              if (versions.isEmpty()) {
                return Mono.error(
                    ApiProblem.notFound(
                        kind.equals("project") ? "project" : DefinitionKind.of(kind).word(), id));
              }
              var latest = versions.getFirst();
              var first = versions.getLast();
              List<Change> history =
                  versions.stream()
                      .limit(20)
                      .map(
                          v ->
                              new Change(
                                  null,
                                  kind,
                                  id,
                                  v.version(),
                                  v.deleted(),
                                  v.changedAt(),
                                  v.changedBy(),
                                  source(v.changedBy())))
                      .toList();
              return Mono.just(
                  ApiResponse.of(
                      new Provenance(
                          kind,
                          id,
                          latest.version(),
                          latest.deleted(),
                          source(latest.changedBy()),
                          latest.changedAt(),
                          latest.changedBy(),
                          first.changedAt(),
                          first.changedBy(),
                          versions.size(),
                          history),
                      "Provenance retrieved"));
            });
  }

  /** Where a change came from. */
  @Schema(name = "ProvenanceSource")
  enum Source {
    PROJECT_DIRECTORY,
    API;

    @JsonValue
    String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One version of a definition: which, when, by whom, from where ({@code project} only in the list
   * of changes).
   */
  @Schema(name = "ProvenanceChange")
  record Change(
      @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String project,
      String type,
      String id,
      long version,
      boolean deleted,
      Instant changedAt,
      @Nullable String changedBy,
      Source source) {}

  /** The latest changes, newest first. */
  @Schema(name = "ProvenanceChanges")
  record Changes(List<Change> changes, int limit) {}

  /** A definition's provenance: its current version, its first, and its latest 20 versions. */
  @Schema(name = "Provenance")
  record Provenance(
      String type,
      String id,
      long version,
      boolean deleted,
      Source source,
      Instant updatedAt,
      @Nullable String updatedBy,
      Instant createdAt,
      @Nullable String createdBy,
      int versions,
      List<Change> history) {}

  /**
   * {@code project_directory} for a version the directory wrote (at start-up or a reload), else
   * {@code api}.
   */
  static Source source(@Nullable String changedBy) {
    return ProjectImporter.LOADER.equals(changedBy) ? Source.PROJECT_DIRECTORY : Source.API;
  }

  /**
   * Compozy's type names (singular, snake case) and our paths (plural, kebab case) both name a
   * kind.
   */
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
    throw ApiProblem.badRequest(
            "invalid_parameter",
            "type '"
                + type
                + "' is not a kind of definition: one of project, "
                + String.join(", ", DefinitionKind.SUPPORTED.keySet()))
        .with("field", "type");
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
    throw ApiProblem.badRequest(
            "invalid_parameter",
            "limit is a whole number from 1 to " + MAX_LIMIT + ", got '" + limit + "'")
        .with("field", "limit");
  }
}
