package io.compozy.registry.publish;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import io.compozy.registry.resource.DefinitionChecks;
import io.compozy.registry.transfer.ProjectImport;
import io.compozy.support.outbox.Outbox;
import io.compozy.support.problem.ApiProblem;
import io.compozy.support.web.ApiResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.file.Path;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code POST /admin/reload} as Compozy has it: {@code source=repo} (alias {@code yaml}) loads the
 * project directory again, its files winning over changes made through the API; {@code
 * source=builder} (alias {@code store}) publishes every stored definition again, so every service's
 * catalog (and the scheduler's reconciliation, which follows it) converges on them.
 */
@RestController
@RequestMapping("/api/v0/admin")
@Tag(name = "Admin")
class ReloadHandler {
  /** Where a reload takes the definitions from. */
  @Schema(name = "ReloadSource")
  enum Source {
    REPO,
    BUILDER;

    @JsonValue
    String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Source of(String value) {
      return switch (value.toLowerCase(Locale.ROOT)) {
        case "repo", "yaml" -> REPO;
        case "builder", "store" -> BUILDER;
        default ->
            throw ApiProblem.badRequest(
                    "invalid_parameter",
                    "source is repo (or yaml) or builder (or store), got '" + value + "'")
                .with("field", "source");
      };
    }
  }

  /** Counts of the definitions a reload from the directory wrote. */
  @Schema(name = "ReloadCounts")
  record Counts(int created, int updated, int unchanged) {}

  /**
   * What a reload did: republished so many definitions (builder), or loaded the directory (repo).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @Schema(name = "ReloadReport")
  record Reloaded(
      Source source,
      @Nullable Integer republished,
      @Nullable String projectDir,
      @Nullable Counts definitions) {}

  private final ProjectImporter importer;
  private final DefinitionChecks checks;
  private final ProjectImport projects;
  private final Outbox outbox;
  private final TransactionalOperator tx;
  private final Clock clock;

  ReloadHandler(
      ProjectImporter importer,
      DefinitionChecks checks,
      ProjectImport projects,
      Outbox outbox,
      TransactionalOperator tx,
      Clock clock) {
    this.importer = importer;
    this.checks = checks;
    this.projects = projects;
    this.outbox = outbox;
    this.tx = tx;
    this.clock = clock;
  }

  @PostMapping("/reload")
  @Operation(
      operationId = "reloadProject",
      summary = "Loads the project directory again, or republishes the stored definitions (admin)",
      description =
          "source=repo (or yaml): the server's project directory is loaded and stored, its files"
              + " winning; 409 when the server has no project directory. source=builder (or store,"
              + " the default): every stored definition is published again.")
  Mono<ApiResponse<Reloaded>> reload(
      @Parameter(
              description = "repo (yaml) or builder (store)",
              schema =
                  @Schema(
                      type = "string",
                      allowableValues = {"repo", "yaml", "builder", "store"},
                      defaultValue = "builder"))
          @RequestParam(name = "source", defaultValue = "builder")
          String source) {
    Source from = Source.of(source);
    if (from == Source.BUILDER) {
      return tx.transactional(importer.republishAll())
          .doOnSuccess(n -> outbox.wake())
          .map(
              n ->
                  ApiResponse.of(
                      new Reloaded(from, n, null, null),
                      "Reload completed: " + n + " definitions published again"));
    }
    Path dir =
        importer
            .projectDir()
            .orElseThrow(
                () ->
                    ApiProblem.conflict(
                        "no_project_directory",
                        "this server was started without a project directory: POST /admin/import a"
                            + " project zip instead, or reload with source=builder"));
    return checks
        .stored()
        .flatMap(
            known ->
                Mono.fromCallable(() -> ProjectImport.load(dir, known))
                    .subscribeOn(Schedulers.boundedElastic()))
        // written as the loader's, as at start-up: the versions came from the directory, not from
        // the caller
        .flatMap(
            loaded ->
                tx.transactional(
                    projects.store(
                        loaded,
                        dir,
                        clock.instant().truncatedTo(ChronoUnit.MICROS),
                        ProjectImporter.LOADER)))
        .doOnSuccess(r -> outbox.wake())
        .map(
            report ->
                ApiResponse.of(
                    new Reloaded(
                        from,
                        null,
                        dir.toString(),
                        new Counts(report.created(), report.updated(), report.unchanged())),
                    "Reload completed"));
  }
}
