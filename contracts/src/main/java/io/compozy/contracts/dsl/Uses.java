package io.compozy.contracts.dsl;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The shared definitions a workflow or an agent names by id, by kind ({@link ResourceKinds} paths):
 * what a delete must not break, what {@code workflow_id} filters and {@code expand} embeds. Pure.
 */
public final class Uses {
  private final Map<String, Set<String>> byKind = new LinkedHashMap<>();

  private Uses() {}

  public Set<String> of(String kind) {
    return byKind.getOrDefault(kind, Set.of());
  }

  public boolean names(String kind, String id) {
    return of(kind).contains(id);
  }

  private void add(String kind, @Nullable String id) {
    if (id != null) {
      byKind.computeIfAbsent(kind, k -> new LinkedHashSet<>()).add(id);
    }
  }

  public static Uses of(WorkflowDef wf) {
    Uses uses = new Uses();
    if (wf.config() != null && wf.config().input() instanceof String schema) {
      uses.add(ResourceKinds.SCHEMA, schema);
    }
    for (Object m : wf.mcps() == null ? List.<Object>of() : wf.mcps()) {
      if (m instanceof String id) {
        uses.add(ResourceKinds.MCP, id);
      }
    }
    for (WorkflowDef.TriggerDef t :
        wf.triggers() == null ? List.<WorkflowDef.TriggerDef>of() : wf.triggers()) {
      uses.add(ResourceKinds.SCHEMA, t.schema() instanceof String id ? id : null);
    }
    knowledge(wf.knowledge(), uses);
    tasks(wf.tasks(), uses);
    return uses;
  }

  private static void tasks(List<TaskDef> tasks, Uses uses) {
    for (TaskDef t : tasks) {
      uses.add(ResourceKinds.SCHEMA, t.input() instanceof String id ? id : null);
      uses.add(ResourceKinds.SCHEMA, t.output() instanceof String id ? id : null);
      switch (t) {
        case BasicTask b -> {
          uses.add(ResourceKinds.TOOL, b.tool());
          uses.add(ResourceKinds.AGENT, b.agent());
          model(b.modelConfig(), uses);
          knowledge(b.knowledge(), uses);
        }
        case MemoryTask m -> uses.add(ResourceKinds.MEMORY, m.memoryRef());
        case CollectionTask c -> tasks(List.of(c.task()), uses);
        default -> tasks(t.children(), uses);
      }
    }
  }

  public static Uses of(AgentDef agent) {
    Uses uses = new Uses();
    agent
        .toolsOrEmpty()
        .forEach(t -> uses.add(ResourceKinds.TOOL, t instanceof String id ? id : null));
    (agent.mcps() == null ? List.<Object>of() : agent.mcps())
        .forEach(m -> uses.add(ResourceKinds.MCP, m instanceof String id ? id : null));
    (agent.memory() == null ? List.<AgentDef.MemoryRef>of() : agent.memory())
        .forEach(m -> uses.add(ResourceKinds.MEMORY, m.id()));
    model(agent.model(), uses);
    knowledge(agent.knowledge(), uses);
    return uses;
  }

  private static void knowledge(@Nullable List<KnowledgeBinding> bindings, Uses uses) {
    (bindings == null ? List.<KnowledgeBinding>of() : bindings)
        .forEach(k -> uses.add(ResourceKinds.KNOWLEDGE_BASE, k.id()));
  }

  private static void model(@Nullable Object ref, Uses uses) {
    if (ref instanceof String id && !id.contains(":")) {
      uses.add(ResourceKinds.MODEL, id);
    }
  }
}
