package io.compozy.registry.transfer;

import io.compozy.contracts.dsl.ProjectLoader;
import io.compozy.contracts.json.Json;
import io.compozy.registry.resource.DefinitionChecks;
import io.compozy.registry.resource.DefinitionKind;
import io.compozy.registry.resource.DefinitionWriter;
import io.compozy.registry.resource.ResourceStore;
import io.compozy.support.outbox.Outbox;
import io.compozy.support.problem.ApiProblem;
import io.compozy.support.web.ApiResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * Compozy's {@code POST /project/import} and {@code /project/export}: the project definition
 * ({@code compozy.yaml}) read from, or written to, the server's own project directory. The rest of
 * a project travels as a zip ({@code /admin/export}, {@code /admin/import}); the directory's other
 * files are loaded by {@code /admin/reload?source=repo}.
 */
@RestController
@RequestMapping("/api/v0/project")
@Tag(name = "Project")
class ProjectFileHandler {
  /** What an import does when a project is already stored. */
  enum Strategy {
    SEED_ONLY,
    OVERWRITE_CONFLICTS;

    static Strategy of(String value) {
      return switch (value.toLowerCase(Locale.ROOT)) {
        case "seed_only" -> SEED_ONLY;
        case "overwrite_conflicts" -> OVERWRITE_CONFLICTS;
        default ->
            throw ApiProblem.badRequest(
                    "invalid_parameter",
                    "strategy is seed_only or overwrite_conflicts, got '" + value + "'")
                .with("field", "strategy");
      };
    }
  }

  /** Compozy's counts of a project import. */
  @Schema(name = "ProjectFileImport")
  record Imported(int imported, int skipped, int overwritten, String strategy) {}

  /** Compozy's answer to a project export: how many files were written, and where. */
  @Schema(name = "ProjectFileExport")
  record Exported(int written, String path) {}

  private final ResourceStore store;
  private final DefinitionWriter writer;
  private final DefinitionChecks checks;
  private final Outbox outbox;
  private final TransactionalOperator tx;
  private final Clock clock;
  private final @Nullable Path dir;

  ProjectFileHandler(
      ResourceStore store,
      DefinitionWriter writer,
      DefinitionChecks checks,
      Outbox outbox,
      TransactionalOperator tx,
      Clock clock,
      RegistryProperties registry) {
    this.store = store;
    this.writer = writer;
    this.checks = checks;
    this.outbox = outbox;
    this.tx = tx;
    this.clock = clock;
    this.dir =
        registry.projectDir() == null || registry.projectDir().isBlank()
            ? null
            : Path.of(registry.projectDir());
  }

  private Path dir() {
    if (dir == null) {
      throw ApiProblem.conflict(
          "no_project_directory",
          "this server was started without a project directory: use POST /admin/import and GET"
              + " /admin/export (a zip) instead");
    }
    return dir;
  }

  @PostMapping("/import")
  @Operation(
      operationId = "importProjectFile",
      summary = "Stores compozy.yaml of the server's project directory (admin)",
      description =
          "seed_only (default) stores it only when no project is stored; overwrite_conflicts"
              + " replaces the stored one. 409 when the server has no project directory; 422"
              + " listing every problem when the directory does not load.")
  Mono<ApiResponse<Imported>> importFile(
      @RequestParam(name = "strategy", defaultValue = "seed_only") String strategy,
      @AuthenticationPrincipal(expression = "userId") String user) {
    Strategy s = Strategy.of(strategy);
    Path root = dir();
    String word = s.name().toLowerCase(Locale.ROOT);
    return checks
        .stored()
        .flatMap(
            known ->
                Mono.fromCallable(() -> ProjectImport.load(root, known))
                    .subscribeOn(Schedulers.boundedElastic()))
        .flatMap(
            loaded -> {
              var project = ProjectImport.stored(loaded, root);
              return tx.transactional(
                      store
                          .project()
                          .map(existing -> true)
                          .defaultIfEmpty(false)
                          .flatMap(
                              exists -> {
                                if (exists && s == Strategy.SEED_ONLY) {
                                  return Mono.just(new Imported(0, 1, 0, word));
                                }
                                return store
                                    .projectName()
                                    .flatMap(
                                        current ->
                                            current.equals(project.name())
                                                ? Mono.<String>empty()
                                                : Mono.error(
                                                    ApiProblem.conflict(
                                                        "project_mismatch",
                                                        "this registry holds project '"
                                                            + current
                                                            + "'; the directory's is '"
                                                            + project.name()
                                                            + "'")))
                                    .then(
                                        writer.put(
                                            project.name(),
                                            DefinitionKind.PROJECT,
                                            project.name(),
                                            project,
                                            null,
                                            clock.instant().truncatedTo(ChronoUnit.MICROS),
                                            user))
                                    .map(
                                        w ->
                                            w.created()
                                                ? new Imported(1, 0, 0, word)
                                                : w.changed()
                                                    ? new Imported(0, 0, 1, word)
                                                    : new Imported(0, 1, 0, word));
                              }))
                  .doOnSuccess(r -> outbox.wake());
            })
        .map(r -> ApiResponse.of(r, "import completed"));
  }

  @PostMapping("/export")
  @Operation(
      operationId = "exportProjectFile",
      summary =
          "Writes the stored project into compozy.yaml of the server's project directory (admin)",
      description =
          "The file's workflows sources and autoload stay as they are (they are not stored);"
              + " comments in it are not kept. 409 when the server has no project directory, 404"
              + " when no project is stored.")
  Mono<ApiResponse<Exported>> exportFile() {
    Path file = dir().resolve(ProjectLoader.PROJECT_FILE);
    return store
        .project()
        .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("project", "(none stored)")))
        .flatMap(
            doc ->
                Mono.fromCallable(() -> write(file, doc.body()))
                    .subscribeOn(Schedulers.boundedElastic()))
        .map(written -> ApiResponse.of(new Exported(1, written.toString()), "export completed"));
  }

  /**
   * Writes compozy.yaml as people write it: no document marker, quotes only where YAML needs them.
   */
  private static final YAMLMapper FILE =
      Json.YAML
          .rebuild()
          .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
          .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
          .build();

  /**
   * The stored project over the file: what only the file holds (workflow sources, autoload) stays,
   * and a runtime entrypoint inside the directory is written relative to it again (it is stored
   * resolved, so tools run wherever the server's working directory is).
   */
  private static Path write(Path file, Object stored) throws IOException {
    ObjectNode out = Json.YAML.valueToTree(stored);
    if (out.get("runtime") instanceof ObjectNode runtime
        && runtime.get("entrypoint") != null
        && runtime.get("entrypoint").isString()) {
      Path entry = Path.of(runtime.get("entrypoint").asString());
      Path root = file.getParent().toAbsolutePath().normalize();
      if (entry.isAbsolute() && entry.normalize().startsWith(root)) {
        runtime.put(
            "entrypoint", "./" + root.relativize(entry.normalize()).toString().replace('\\', '/'));
      }
    }
    if (Files.isRegularFile(file)) {
      JsonNode current = Json.YAML.readTree(Files.readString(file));
      for (String kept : List.of("workflows", "autoload")) {
        if (current.has(kept)) {
          out.set(kept, current.get(kept));
        }
      }
    }
    Path tmp = Files.createTempFile(file.getParent(), ".compozy", ".yaml");
    try {
      Files.writeString(tmp, FILE.writeValueAsString(out));
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
    return file;
  }
}
