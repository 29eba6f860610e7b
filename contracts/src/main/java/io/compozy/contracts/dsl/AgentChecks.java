package io.compozy.contracts.dsl;

import io.compozy.contracts.schema.Violation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What an agent must satisfy before it is stored: unique action ids, templates that parse, and
 * every tool, MCP server, memory and model it names known.
 */
public final class AgentChecks {
  private AgentChecks() {}

  public static List<Violation> check(AgentDef agent, KnownIds known) {
    List<Violation> problems = new ArrayList<>();
    WorkflowChecks.templates(agent.instructions(), "/instructions", problems);
    Set<String> actions = new HashSet<>();
    List<AgentDef.ActionDef> list = agent.actionsOrEmpty();
    for (int i = 0; i < list.size(); i++) {
      AgentDef.ActionDef a = list.get(i);
      if (!actions.add(a.id())) {
        problems.add(
            new Violation("/actions/" + i + "/id", "action id '" + a.id() + "' is used twice"));
      }
      WorkflowChecks.templates(a.prompt(), "/actions/" + i + "/prompt", problems);
      WorkflowChecks.templates(a.with(), "/actions/" + i + "/with", problems);
      Attachment.check(a.attachments(), "/actions/" + i + "/attachments", problems);
    }
    Attachment.check(agent.attachments(), "/attachments", problems);
    KnowledgeChecks.bindings(agent.knowledge(), "/knowledge", known, problems);
    List<Object> tools = agent.toolsOrEmpty();
    for (int i = 0; i < tools.size(); i++) {
      if (tools.get(i) instanceof String id
          && KnownIds.missing(known.tools(), id)
          && BuiltinTools.find(id).isEmpty()) {
        problems.add(new Violation("/tools/" + i, "no tool '" + id + "' in the project"));
      }
    }
    List<Object> mcps = agent.mcps() == null ? List.of() : agent.mcps();
    for (int i = 0; i < mcps.size(); i++) {
      if (mcps.get(i) instanceof String id && KnownIds.missing(known.mcps(), id)) {
        problems.add(new Violation("/mcps/" + i, "no MCP server '" + id + "' in the project"));
      }
    }
    List<AgentDef.MemoryRef> memory = agent.memory() == null ? List.of() : agent.memory();
    for (int i = 0; i < memory.size(); i++) {
      if (KnownIds.missing(known.memories(), memory.get(i).id())) {
        problems.add(
            new Violation(
                "/memory/" + i + "/id", "no memory '" + memory.get(i).id() + "' in the project"));
      }
    }
    model(agent.model(), "/model", known, problems);
    return problems;
  }

  /**
   * A model named by id must exist; {@code provider:model} and inline models need nothing stored.
   */
  static void model(@Nullable Object ref, String at, KnownIds known, List<Violation> problems) {
    if (ref instanceof String id && !id.contains(":") && KnownIds.missing(known.models(), id)) {
      problems.add(
          new Violation(
              at, "no model '" + id + "' in the project (write a model id or provider:model)"));
    }
  }
}
