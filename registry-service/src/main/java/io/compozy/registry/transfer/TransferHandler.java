package io.compozy.registry.transfer;

import io.compozy.contracts.catalog.ResourceDocument;
import io.compozy.contracts.dsl.KnownIds;
import io.compozy.contracts.dsl.LoadedProject;
import io.compozy.contracts.dsl.ProjectLoader;
import io.compozy.contracts.json.Json;
import io.compozy.contracts.schema.Violation;
import io.compozy.registry.resource.DefinitionChecks;
import io.compozy.registry.resource.DefinitionKind;
import io.compozy.registry.resource.DefinitionParser;
import io.compozy.registry.resource.DefinitionWriter;
import io.compozy.registry.resource.ResourceStore;
import io.compozy.support.outbox.Outbox;
import io.compozy.support.problem.ApiProblem;
import io.compozy.support.web.ApiResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /{kind}/export} and {@code /{kind}/import} (a YAML or JSON list of definitions,
 * strategies {@code seed_only} and {@code overwrite_conflicts}), {@code GET /admin/export} (the
 * whole project as a zip) and {@code POST /admin/import} (such a zip, loaded like {@code
 * --project}). An import is checked whole before anything is stored; one problem refuses it all.
 */
@RestController
@RequestMapping("/api/v0")
@Tag(name = "Project")
class TransferHandler {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
  private static final MediaType YAML = MediaType.parseMediaType("application/yaml");
  private final ResourceStore store;
  private final DefinitionWriter writer;
  private final DefinitionChecks checks;
  private final ProjectImport projects;
  private final Outbox outbox;
  private final TransactionalOperator tx;
  private final Clock clock;

  /** Where the server's project files are (the directory it loads at start), if it has one. */
  private final @Nullable Path scriptsDir;

  TransferHandler(
      ResourceStore store,
      DefinitionWriter writer,
      DefinitionChecks checks,
      ProjectImport projects,
      Outbox outbox,
      TransactionalOperator tx,
      Clock clock,
      RegistryProperties registry) {
    this.scriptsDir =
        registry.projectDir() == null || registry.projectDir().isBlank()
            ? null
            : Path.of(registry.projectDir());
    this.store = store;
    this.writer = writer;
    this.checks = checks;
    this.projects = projects;
    this.outbox = outbox;
    this.tx = tx;
    this.clock = clock;
  }

  @PostMapping("/{kind}/export")
  Mono<ResponseEntity<String>> export(@PathVariable String kind) {
    DefinitionKind k = DefinitionKind.of(kind);
    return store
        .list(k.path())
        .map(ResourceDocument::body)
        .collectList()
        .map(
            bodies ->
                ResponseEntity.ok()
                    .contentType(YAML)
                    .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        "attachment; filename=\"" + k.path() + ".yaml\"")
                    .body(Json.YAML.writeValueAsString(bodies)));
  }

  @PostMapping("/{kind}/import")
  Mono<ApiResponse<KindImported>> importKind(
      @PathVariable String kind,
      @RequestParam(defaultValue = "seed_only") String strategy,
      @RequestBody(required = false) byte @Nullable [] body,
      @RequestHeader(name = HttpHeaders.CONTENT_TYPE, required = false)
          @Nullable MediaType contentType,
      @AuthenticationPrincipal(expression = "userId") String user) {
    DefinitionKind k = DefinitionKind.of(kind);
    if (!strategy.equals("seed_only") && !strategy.equals("overwrite_conflicts")) {
      throw ApiProblem.badRequest(
              "invalid_parameter", "strategy is seed_only or overwrite_conflicts")
          .with("field", "strategy");
    }
    boolean overwrite = strategy.equals("overwrite_conflicts");
    List<Object> definitions = parseList(k, DefinitionParser.text(body), contentType);
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    Mono<KindImported> work =
        Flux.range(0, definitions.size())
            .concatMap(
                i ->
                    checks
                        .problems(definitions.get(i))
                        .map(
                            ps ->
                                ps.stream()
                                    .map(v -> new Violation("/" + i + v.pointer(), v.message()))
                                    .toList()))
            .collectList()
            .flatMap(
                all -> {
                  List<Violation> problems = all.stream().flatMap(List::stream).toList();
                  if (!problems.isEmpty()) {
                    return Mono.error(
                        ApiProblem.invalidInput(
                            "the import is not valid; nothing was stored", problems));
                  }
                  return store
                      .projectName()
                      .defaultIfEmpty("default")
                      .flatMap(
                          project ->
                              Flux.fromIterable(definitions)
                                  .concatMap(
                                      d -> {
                                        String id = DefinitionKind.idOf(d);
                                        Mono<Map.Entry<String, String>> write =
                                            writer
                                                .put(project, k, id, d, null, now, user)
                                                .map(
                                                    w ->
                                                        Map.entry(
                                                            w.created()
                                                                ? "created"
                                                                : w.changed()
                                                                    ? "updated"
                                                                    : "unchanged",
                                                            id));
                                        return overwrite
                                            ? write
                                            : store
                                                .find(k.path(), id)
                                                .map(existing -> Map.entry("skipped", id))
                                                .switchIfEmpty(write);
                                      })
                                  .collectList()
                                  .map(TransferHandler::outcome));
                });
    return tx.transactional(work)
        .doOnSuccess(r -> outbox.wake())
        .map(outcome -> ApiResponse.of(outcome, k.capitalized() + "s imported (" + strategy + ")"));
  }

  /**
   * What an import of one kind did: the ids created, updated, found unchanged, and skipped
   * (seed_only).
   */
  @Schema(name = "KindImportReport")
  record KindImported(
      List<String> created, List<String> updated, List<String> unchanged, List<String> skipped) {}

  private static KindImported outcome(List<Map.Entry<String, String>> entries) {
    Function<String, List<String>> ids =
        key ->
            entries.stream().filter(e -> e.getKey().equals(key)).map(Map.Entry::getValue).toList();
    return new KindImported(
        ids.apply("created"), ids.apply("updated"), ids.apply("unchanged"), ids.apply("skipped"));
  }

  /** Counts of a project import. */
  @Schema(name = "ImportCounts")
  record Counts(int created, int updated, int unchanged) {}

  /** What a project import did (or would do, in a dry run), definition by definition. */
  @Schema(name = "ProjectImportReport")
  record ProjectImported(
      String project, boolean dryRun, Counts definitions, List<ProjectImport.Change> changes) {}

  /** The body as a list of definitions of {@code k}; every problem of every entry at once. */
  private static List<Object> parseList(
      DefinitionKind k, String body, @Nullable MediaType contentType) {
    DefinitionParser.Body parsed = DefinitionParser.read(body, contentType);
    if (!parsed.tree().isArray()) {
      throw ApiProblem.invalidInput(
          "an import is a list of " + k.word() + " definitions",
          List.of(new Violation("", "must be a list (as " + k.path() + "/export gives)")));
    }
    List<Violation> problems = new ArrayList<>();
    List<Object> out = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    int i = 0;
    for (JsonNode node : parsed.tree()) {
      Object d = parsed.bind(node, "/" + i, k.type(), problems);
      if (d != null) {
        String id = DefinitionKind.idOf(d);
        if (!ID.matcher(id).matches()) {
          problems.add(
              parsed.located(
                  "/" + i + "/id",
                  "an id is 1 to 128 letters, digits, '_', '-' or '.', starting with a letter or"
                      + " digit"));
        } else if (!ids.add(id)) {
          problems.add(
              parsed.located("/" + i + "/id", k.word() + " id '" + id + "' is in the list twice"));
        }
        out.add(d);
      }
      i++;
    }
    if (!problems.isEmpty()) {
      throw ApiProblem.invalidInput("the import is not valid; nothing was stored", problems);
    }
    return out;
  }

  @GetMapping("/admin/export")
  @Operation(
      operationId = "exportProject",
      summary = "The whole project as a zip of its files (admin)")
  Mono<ResponseEntity<byte[]>> exportProject() {
    return store
        .project()
        .map(d -> Optional.<Object>of(d.body()))
        .defaultIfEmpty(Optional.empty())
        .zipWith(
            store.all().filter(d -> !d.kind().equals(DefinitionKind.PROJECT.path())).collectList())
        .map(
            t -> {
              String name =
                  t.getT1().map(p -> String.valueOf(((Map<?, ?>) p).get("name"))).orElse("default");
              return ResponseEntity.ok()
                  .contentType(MediaType.parseMediaType("application/zip"))
                  .header(
                      HttpHeaders.CONTENT_DISPOSITION,
                      "attachment; filename=\""
                          + name.replaceAll("[^A-Za-z0-9_.-]", "_")
                          + ".zip\"")
                  .body(ProjectArchive.write(t.getT1().orElse(null), t.getT2()));
            });
  }

  @PostMapping("/admin/import")
  @Operation(
      operationId = "importProject",
      summary = "Imports a project from a zip of its files (admin)",
      description =
          "Loads the zip as a project directory is loaded at start-up (the same checks, all"
              + " problems at once) and stores every definition in one transaction. The answer"
              + " lists each definition as created, updated or unchanged. With dry_run=true the"
              + " same work is done and then rolled back: the answer says what an import would"
              + " change.")
  Mono<ApiResponse<ProjectImported>> importProject(
      @RequestBody(required = false) byte @Nullable [] zip,
      @Parameter(
              description = "check and report, store nothing",
              schema = @Schema(type = "boolean", defaultValue = "false"))
          @RequestParam(name = "dry_run", defaultValue = "false")
          boolean dryRun,
      @AuthenticationPrincipal(expression = "userId") String user) {
    if (zip == null || zip.length == 0) {
      throw ApiProblem.badRequest(
          "missing_body",
          "the body is a zip of a project (compozy.yaml at its root), as GET /admin/export gives");
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    return checks
        .stored()
        .flatMap(
            known ->
                Mono.fromCallable(() -> load(zip, known)).subscribeOn(Schedulers.boundedElastic()))
        .flatMap(
            loaded -> {
              Mono<ProjectImport.Report> work =
                  store
                      .projectName()
                      .flatMap(
                          current ->
                              current.equals(loaded.written().name())
                                  ? Mono.<String>empty()
                                  : Mono.error(
                                      ApiProblem.conflict(
                                          "project_mismatch",
                                          "this registry holds project '"
                                              + current
                                              + "'; a zip of project '"
                                              + loaded.written().name()
                                              + "' cannot be imported into it")))
                      .then(
                          projects.store(loaded, scriptsDir, now, user == null ? "import" : user));
              // a dry run does the very same writes and rolls them back, so it cannot disagree with
              // a real import
              Mono<ProjectImport.Report> done =
                  dryRun
                      ? tx.execute(
                              status -> {
                                status.setRollbackOnly();
                                return work;
                              })
                          .single()
                      : tx.transactional(work).doOnSuccess(r -> outbox.wake());
              return done.map(
                  report ->
                      ApiResponse.of(
                          new ProjectImported(
                              loaded.written().name(),
                              dryRun,
                              new Counts(report.created(), report.updated(), report.unchanged()),
                              report.changes()),
                          dryRun ? "Project checked; nothing was stored" : "Project imported"));
            });
  }

  private static LoadedProject load(byte[] zip, KnownIds known) throws IOException {
    Path dir = Files.createTempDirectory("compozy-import-");
    try {
      ProjectArchive.read(zip, dir);
      Path root = projectRoot(dir);
      return ProjectImport.load(root, known);
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  /** {@code compozy.yaml} at the top, or in the zip's single top folder. */
  private static Path projectRoot(Path dir) throws IOException {
    if (Files.isRegularFile(dir.resolve(ProjectLoader.PROJECT_FILE))) {
      return dir;
    }
    try (Stream<Path> top = Files.list(dir)) {
      List<Path> dirs = top.filter(Files::isDirectory).toList();
      if (dirs.size() == 1
          && Files.isRegularFile(dirs.getFirst().resolve(ProjectLoader.PROJECT_FILE))) {
        return dirs.getFirst();
      }
    }
    throw ApiProblem.badRequest("invalid_archive", "the zip has no compozy.yaml at its root");
  }
}
