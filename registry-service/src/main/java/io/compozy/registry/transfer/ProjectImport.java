package io.compozy.registry.transfer;

import com.fasterxml.jackson.annotation.JsonValue;
import io.compozy.contracts.catalog.ResourceDocument;
import io.compozy.contracts.dsl.AgentDef;
import io.compozy.contracts.dsl.KnowledgeBaseDef;
import io.compozy.contracts.dsl.KnownIds;
import io.compozy.contracts.dsl.LoadedProject;
import io.compozy.contracts.dsl.McpDef;
import io.compozy.contracts.dsl.MemoryDef;
import io.compozy.contracts.dsl.ProjectDef;
import io.compozy.contracts.dsl.ProjectLoadException;
import io.compozy.contracts.dsl.ProjectLoader;
import io.compozy.contracts.dsl.ResourceKinds;
import io.compozy.contracts.dsl.RuntimeDef;
import io.compozy.contracts.dsl.TaskDef;
import io.compozy.contracts.dsl.ToolDef;
import io.compozy.contracts.dsl.WorkflowDef;
import io.compozy.contracts.json.Json;
import io.compozy.registry.resource.DefinitionKind;
import io.compozy.registry.resource.DefinitionWriter;
import io.compozy.registry.resource.ResourceStore;
import io.compozy.support.problem.ApiProblem;
import io.swagger.v3.oas.annotations.media.Schema;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Stores a loaded (parsed and checked) project in the caller's transaction: {@code compozy.yaml} as
 * the project definition, without what only matters while loading files ({@code workflows} sources,
 * {@code autoload}) and without its tools, which are stored on their own like every workflow,
 * agent, task and autoloaded resource. Changed definitions are published after commit.
 */
@Component
public class ProjectImport {
  private final DefinitionWriter writer;
  private final ResourceStore resources;

  /**
   * Loads a project directory as start-up does (every problem at once); a project that does not
   * load is a 422 {@code invalid_project} listing each problem at its file and line.
   */
  public static LoadedProject load(Path root, KnownIds known) {
    try {
      return ProjectLoader.load(root, known);
    } catch (ProjectLoadException e) {
      throw new ApiProblem(
          HttpStatus.UNPROCESSABLE_CONTENT,
          "invalid_project",
          "Invalid project",
          "the project has " + e.problems().size() + " problem(s); nothing was stored",
          Map.of("errors", e.problems()));
    }
  }

  ProjectImport(DefinitionWriter writer, ResourceStore resources) {
    this.writer = writer;
    this.resources = resources;
  }

  /** What a load did to one definition. */
  @Schema(name = "ImportOutcome")
  public enum Outcome {
    CREATED,
    UPDATED,
    UNCHANGED,
    /**
     * Changed through the API since the directory was last read: the API's version stays (a
     * start-up load).
     */
    KEPT;

    /** As the API writes it: {@code created}, {@code updated}, … */
    @JsonValue
    String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** One definition a load wrote (or would write, in a dry run). */
  @Schema(name = "ImportChange")
  public record Change(String kind, String id, Outcome outcome) {}

  /** How many definitions a load created, changed or found unchanged, and which. */
  public record Report(List<Change> changes, List<String> kept) {
    public int created() {
      return count(Outcome.CREATED);
    }

    public int updated() {
      return count(Outcome.UPDATED);
    }

    public int unchanged() {
      return count(Outcome.UNCHANGED);
    }

    private int count(Outcome o) {
      return (int) changes.stream().filter(c -> c.outcome() == o).count();
    }
  }

  /**
   * Stores {@code loaded} (a zip, unpacked in a directory that goes away). A relative runtime
   * entrypoint is taken as relative to {@code scriptsDir}, where the server finds the project's
   * script files (the project directory it was started with), when it has one: so importing the
   * directory the server runs leaves its tools working, and unchanged.
   */
  public Mono<Report> store(
      LoadedProject loaded, @Nullable Path scriptsDir, Instant now, String user) {
    return store(loaded, scriptsDir, new Writes(now, user, false));
  }

  /**
   * Stores {@code loaded} as the project directory read at start-up: a definition last changed
   * through the API (by anyone but {@code user}, the loader) keeps the API's version, so a restart
   * never silently undoes an API change (the report lists those kept); new definitions and those
   * the directory wrote last take the directory's version.
   */
  public Mono<Report> seed(LoadedProject loaded, Instant now, String user) {
    return store(loaded, loaded.root(), new Writes(now, user, true));
  }

  /**
   * How one load writes: when, as whom, and whether definitions changed through the API are kept.
   */
  private final class Writes {
    private final Instant now;
    private final String user;
    private final boolean keepApiChanges;
    private final List<String> kept = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> keptKeys = ConcurrentHashMap.newKeySet();

    Writes(Instant now, String user, boolean keepApiChanges) {
      this.now = now;
      this.user = user;
      this.keepApiChanges = keepApiChanges;
    }

    Mono<DefinitionWriter.Written> put(
        String project, DefinitionKind kind, String id, Object definition) {
      Mono<DefinitionWriter.Written> write =
          writer.put(project, kind, id, definition, null, now, user);
      if (!keepApiChanges) {
        return write;
      }
      return resources
          .find(kind.path(), id)
          .filter(s -> s.document().updatedBy() != null && !user.equals(s.document().updatedBy()))
          .map(
              s -> {
                keptKeys.add(kind.path() + "/" + id);
                kept.add(
                    kind.path()
                        + "/"
                        + id
                        + " (changed by "
                        + s.document().updatedBy()
                        + " at "
                        + s.document().updatedAt()
                        + ")");
                return new DefinitionWriter.Written(s.document(), s.etag(), false, false);
              })
          .switchIfEmpty(write);
    }
  }

  private Mono<Report> store(LoadedProject loaded, @Nullable Path scriptsDir, Writes w) {
    ProjectDef p = stored(loaded, scriptsDir);
    String project = p.name();
    List<Mono<DefinitionWriter.Written>> writes = new ArrayList<>();
    writes.add(w.put(project, DefinitionKind.PROJECT, project, p));
    List<ToolDef> tools = new ArrayList<>(loaded.written().toolsOrEmpty());
    tools.addAll(loaded.tools());
    for (WorkflowDef wf : loaded.workflows()) {
      writes.add(w.put(project, DefinitionKind.of(ResourceKinds.WORKFLOW), wf.id(), wf));
    }
    for (ToolDef tool : tools) {
      writes.add(w.put(project, DefinitionKind.of(ResourceKinds.TOOL), tool.id(), tool));
    }
    for (AgentDef agent : loaded.agents()) {
      writes.add(w.put(project, DefinitionKind.of(ResourceKinds.AGENT), agent.id(), agent));
    }
    for (TaskDef task : loaded.tasks()) {
      writes.add(w.put(project, DefinitionKind.of(ResourceKinds.TASK), task.id(), task));
    }
    loaded
        .models()
        .forEach(
            m ->
                writes.add(
                    w.put(
                        project,
                        DefinitionKind.of(ResourceKinds.MODEL),
                        DefinitionKind.idOf(m),
                        m)));
    loaded
        .memories()
        .forEach(
            m ->
                writes.add(
                    w.put(
                        project,
                        DefinitionKind.of(ResourceKinds.MEMORY),
                        DefinitionKind.idOf(m),
                        Json.MAPPER.convertValue(m, MemoryDef.class))));
    loaded
        .mcps()
        .forEach(
            m ->
                writes.add(
                    w.put(
                        project,
                        DefinitionKind.of(ResourceKinds.MCP),
                        DefinitionKind.idOf(m),
                        Json.MAPPER.convertValue(m, McpDef.class))));
    loaded
        .schemas()
        .forEach(
            s ->
                writes.add(
                    w.put(
                        project,
                        DefinitionKind.of(ResourceKinds.SCHEMA),
                        DefinitionKind.idOf(s),
                        s)));
    // the project's bases, then those a workflow declares (stored like the project's, so they can
    // be
    // ingested and searched; an id the project or an earlier workflow declared stays theirs)
    Set<String> bases = new HashSet<>();
    List<Object> declared =
        new ArrayList<>(p.knowledgeBases() == null ? List.of() : p.knowledgeBases());
    loaded
        .workflows()
        .forEach(
            wf -> declared.addAll(wf.knowledgeBases() == null ? List.of() : wf.knowledgeBases()));
    for (Object kb : declared) {
      KnowledgeBaseDef def = Json.MAPPER.convertValue(kb, KnowledgeBaseDef.class);
      if (bases.add(def.id())) {
        writes.add(w.put(project, DefinitionKind.of(ResourceKinds.KNOWLEDGE_BASE), def.id(), def));
      }
    }
    return Flux.concat(writes)
        .collectList()
        .map(
            done ->
                new Report(
                    done.stream()
                        .map(
                            x -> {
                              ResourceDocument d = x.document();
                              Outcome o =
                                  x.created()
                                      ? Outcome.CREATED
                                      : x.changed()
                                          ? Outcome.UPDATED
                                          : w.keptKeys.contains(d.kind() + "/" + d.id())
                                              ? Outcome.KEPT
                                              : Outcome.UNCHANGED;
                              return new Change(d.kind(), d.id(), o);
                            })
                        .toList(),
                    List.copyOf(w.kept)));
  }

  static ProjectDef stored(LoadedProject loaded, @Nullable Path scriptsDir) {
    ProjectDef p = loaded.written();
    RuntimeDef rt = p.runtime();
    if (scriptsDir != null && rt != null && rt.entrypoint() != null) {
      rt =
          new RuntimeDef(
              rt.type(),
              scriptsDir.toAbsolutePath().resolve(rt.entrypoint()).normalize().toString(),
              rt.toolExecutionTimeout(),
              rt.permissions());
    }
    return new ProjectDef(
        p.name(),
        p.version(),
        p.description(),
        p.author(),
        null,
        p.models(),
        null,
        rt,
        p.config(),
        p.schemas(),
        p.memories(),
        p.mcps(),
        null,
        p.embedders(),
        p.vectorDbs(),
        p.knowledgeBases(),
        p.knowledge());
  }
}
