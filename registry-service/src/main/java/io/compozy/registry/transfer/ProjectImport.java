package io.compozy.registry.transfer;

import io.compozy.contracts.dsl.AgentDef;
import io.compozy.contracts.dsl.LoadedProject;
import io.compozy.contracts.dsl.ProjectDef;
import io.compozy.contracts.dsl.ResourceKinds;
import io.compozy.contracts.dsl.RuntimeDef;
import io.compozy.contracts.dsl.TaskDef;
import io.compozy.contracts.dsl.ToolDef;
import io.compozy.contracts.dsl.WorkflowDef;
import io.compozy.contracts.json.Json;
import io.compozy.contracts.dsl.MemoryDef;
import io.compozy.contracts.dsl.McpDef;
import io.compozy.registry.resource.DefinitionKind;
import io.compozy.registry.resource.DefinitionWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Stores a loaded (parsed and checked) project in the caller's transaction: {@code compozy.yaml}
 * as the project definition, without what only matters while loading files ({@code workflows}
 * sources, {@code autoload}) and without its tools, which are stored on their own like every
 * workflow, agent, task and autoloaded resource. Changed definitions are published after commit.
 */
@Component
public class ProjectImport {
  private final DefinitionWriter writer;

  ProjectImport(DefinitionWriter writer) {
    this.writer = writer;
  }

  /** How many definitions a load created, changed or found unchanged. */
  public record Report(int created, int updated, int unchanged) {
    Map<String, Object> asMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("created", created);
      m.put("updated", updated);
      m.put("unchanged", unchanged);
      return m;
    }
  }

  /**
   * Stores {@code loaded}. With {@code resolveRuntime} a relative runtime entrypoint becomes
   * absolute under the project directory (a directory that stays, as at start-up).
   */
  public Mono<Report> store(LoadedProject loaded, boolean resolveRuntime, Instant now, String user) {
    ProjectDef p = stored(loaded, resolveRuntime);
    String project = p.name();
    List<Mono<DefinitionWriter.Written>> writes = new ArrayList<>();
    writes.add(writer.put(project, DefinitionKind.PROJECT, project, p, null, now, user));
    List<ToolDef> tools = new ArrayList<>(loaded.written().toolsOrEmpty());
    tools.addAll(loaded.tools());
    for (WorkflowDef wf : loaded.workflows()) {
      writes.add(put(project, ResourceKinds.WORKFLOW, wf.id(), wf, now, user));
    }
    for (ToolDef tool : tools) {
      writes.add(put(project, ResourceKinds.TOOL, tool.id(), tool, now, user));
    }
    for (AgentDef agent : loaded.agents()) {
      writes.add(put(project, ResourceKinds.AGENT, agent.id(), agent, now, user));
    }
    for (TaskDef task : loaded.tasks()) {
      writes.add(put(project, ResourceKinds.TASK, task.id(), task, now, user));
    }
    loaded.models().forEach(m -> writes.add(put(project, ResourceKinds.MODEL, DefinitionKind.idOf(m), m, now, user)));
    loaded.memories().forEach(m -> writes.add(put(project, ResourceKinds.MEMORY, DefinitionKind.idOf(m),
        Json.MAPPER.convertValue(m, MemoryDef.class), now, user)));
    loaded.mcps().forEach(m -> writes.add(put(project, ResourceKinds.MCP, DefinitionKind.idOf(m), Json.MAPPER.convertValue(m, McpDef.class), now, user)));
    loaded.schemas().forEach(s -> writes.add(put(project, ResourceKinds.SCHEMA, DefinitionKind.idOf(s), s, now, user)));
    return Flux.concat(writes).collectList().map(done -> new Report(
        (int) done.stream().filter(DefinitionWriter.Written::created).count(),
        (int) done.stream().filter(w -> !w.created() && w.changed()).count(),
        (int) done.stream().filter(w -> !w.changed()).count()));
  }

  private Mono<DefinitionWriter.Written> put(String project, String kind, String id, Object definition, Instant now, String user) {
    return writer.put(project, DefinitionKind.of(kind), id, definition, null, now, user);
  }

  private static ProjectDef stored(LoadedProject loaded, boolean resolveRuntime) {
    ProjectDef p = loaded.written();
    RuntimeDef rt = p.runtime();
    if (resolveRuntime && rt != null && rt.entrypoint() != null) {
      rt = new RuntimeDef(rt.type(), loaded.root().resolve(rt.entrypoint()).normalize().toString(), rt.toolExecutionTimeout());
    }
    return new ProjectDef(p.name(), p.version(), p.description(), p.author(), null, p.models(), null, rt, p.config(),
        p.schemas(), p.memories(), p.mcps(), null);
  }
}
