package io.compozy.registry.resource;

import io.compozy.contracts.dsl.ProjectChecks;
import io.compozy.contracts.dsl.ProjectDef;
import io.compozy.contracts.dsl.ResourceKinds;
import io.compozy.contracts.dsl.ToolDef;
import io.compozy.contracts.json.Json;
import io.compozy.contracts.schema.Violation;
import io.compozy.support.outbox.Outbox;
import io.compozy.support.problem.ApiProblem;
import io.compozy.support.web.ApiResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET/PUT /project}: the project's own definition ({@code compozy.yaml}: name, metadata,
 * config defaults, runtime, models, schemas, memories, MCP servers). Its name is the key of every
 * definition, so it cannot change once set.
 */
@RestController
@RequestMapping("/api/v0/project")
@Tag(name = "Project")
class ProjectHandler {
  private final ResourceStore store;
  private final DefinitionWriter writer;
  private final Outbox outbox;
  private final TransactionalOperator tx;
  private final Clock clock;

  ProjectHandler(
      ResourceStore store,
      DefinitionWriter writer,
      Outbox outbox,
      TransactionalOperator tx,
      Clock clock) {
    this.store = store;
    this.writer = writer;
    this.outbox = outbox;
    this.tx = tx;
    this.clock = clock;
  }

  @GetMapping
  @Operation(operationId = "getProject", summary = "The project (compozy.yaml as stored)")
  Mono<ResponseEntity<ApiResponse<Object>>> get() {
    return store
        .project()
        .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("project", "(none loaded)")))
        .flatMap(d -> store.find(DefinitionKind.PROJECT.path(), d.id()))
        .map(
            s ->
                ResponseEntity.ok()
                    .eTag(s.etag())
                    .body(ApiResponse.of(s.document().body(), "Project retrieved successfully")));
  }

  /**
   * A project without a runtime entrypoint leaves every stored script tool unrunnable (each later
   * step would fail): refused, naming the tools, so a PUT that only meant to change the name or
   * description does not silently drop the runtime.
   */
  private Mono<Void> scriptToolsLeftWithoutRuntime(ProjectDef project) {
    if (project.runtime() != null && project.runtime().entrypoint() != null) {
      return Mono.empty();
    }
    return store
        .list(ResourceKinds.TOOL)
        .map(d -> Json.MAPPER.convertValue(d.body(), ToolDef.class))
        .filter(t -> t.type() == null || t.type().equals("script"))
        .map(ToolDef::id)
        .take(20)
        .collectList()
        .flatMap(
            tools ->
                tools.isEmpty()
                    ? Mono.empty()
                    : Mono.error(
                        ApiProblem.invalidInput(
                            "the project would have no runtime entrypoint, which these script tools"
                                + " need: "
                                + String.join(", ", tools),
                            List.of(
                                new Violation(
                                    "/runtime",
                                    "is required while script tools exist ("
                                        + String.join(", ", tools)
                                        + "); send the runtime of GET /project with your"
                                        + " change")))));
  }

  @PutMapping
  @Operation(operationId = "putProject", summary = "Replaces the project definition")
  @io.swagger.v3.oas.annotations.responses.ApiResponse(
      responseCode = "200",
      description = "Replaced or unchanged")
  @io.swagger.v3.oas.annotations.responses.ApiResponse(
      responseCode = "201",
      description = "Created")
  Mono<ResponseEntity<ApiResponse<Object>>> put(
      @RequestBody(required = false) byte @Nullable [] body,
      @RequestHeader(name = HttpHeaders.CONTENT_TYPE, required = false)
          @Nullable MediaType contentType,
      @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
      @AuthenticationPrincipal(expression = "userId") String user) {
    DefinitionsHandler.checkIfMatch(ifMatch);
    ProjectDef project =
        DefinitionParser.parse(DefinitionParser.text(body), contentType, ProjectDef.class);
    DefinitionsHandler.checkId(project.name());
    if (project.workflows() != null || project.autoload() != null) {
      throw ApiProblem.invalidInput(
          "workflow sources and autoload are read from a project directory, not stored",
          List.of(
              new Violation(
                  project.workflows() != null ? "/workflows" : "/autoload",
                  "is only read when a project directory or zip is loaded (POST /admin/import);"
                      + " store workflows with PUT /workflows/{id}")));
    }
    List<Violation> problems = ProjectChecks.check(project);
    if (!problems.isEmpty()) {
      throw ApiProblem.invalidInput("the project is not valid", problems);
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    Mono<ResponseEntity<ApiResponse<Object>>> work =
        store
            .projectName()
            .flatMap(
                current ->
                    current.equals(project.name())
                        ? Mono.<String>empty()
                        : Mono.error(
                            ApiProblem.conflict(
                                "project_name_fixed",
                                "the project is named '" + current + "'; its name cannot change")))
            .then(scriptToolsLeftWithoutRuntime(project))
            .then(
                writer.put(
                    project.name(),
                    DefinitionKind.PROJECT,
                    project.name(),
                    project,
                    ifMatch,
                    now,
                    user))
            .map(
                w ->
                    ResponseEntity.status(w.created() ? HttpStatus.CREATED : HttpStatus.OK)
                        .eTag(w.etag())
                        .header("X-Resource-Version", Long.toString(w.document().version()))
                        .body(
                            ApiResponse.of(
                                w.created() ? HttpStatus.CREATED : HttpStatus.OK,
                                w.document().body(),
                                "Project "
                                    + (w.created()
                                        ? "created"
                                        : w.changed() ? "updated" : "unchanged"))));
    return tx.transactional(work).doOnSuccess(r -> outbox.wake());
  }
}
