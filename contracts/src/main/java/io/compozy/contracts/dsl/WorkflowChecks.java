package io.compozy.contracts.dsl;

import io.compozy.contracts.condition.Conditions;
import io.compozy.contracts.json.Json;
import io.compozy.contracts.schema.Violation;
import io.compozy.contracts.template.Template;
import io.compozy.contracts.template.TemplateException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a workflow must satisfy beyond its shape, checked before it is stored: task ids unique,
 * every {@code next}, route and {@code on_timeout} names a task, every tool exists, conditions
 * compile as CEL, templates parse, containers nest at most 20 deep, agents, schemas, MCP servers,
 * memories and models named exist, and no loop of tasks runs forever. Pure: all problems at once,
 * each with a JSON pointer.
 */
public final class WorkflowChecks {
  public static final int MAX_DEPTH = 20;
  private static final Conditions CEL = new Conditions();

  private WorkflowChecks() {}

  public static List<Violation> check(WorkflowDef wf, Set<String> knownTools) {
    return check(wf, KnownIds.toolsOnly(knownTools));
  }

  public static List<Violation> check(WorkflowDef wf, KnownIds shared) {
    List<Violation> problems = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    collectIds(wf.tasks(), "/tasks", ids, problems, 1);
    KnownIds known = withOwn(wf, shared);
    for (int i = 0; i < wf.toolsOrEmpty().size(); i++) {
      ToolDef tool = wf.toolsOrEmpty().get(i);
      Durations.check(tool.timeout(), "/tools/" + i + "/timeout", problems);
      for (String field : List.of("input", "output")) {
        String schema = SchemaOrId.idOf(field.equals("input") ? tool.input() : tool.output());
        if (schema != null && KnownIds.missing(known.schemas(), schema)) {
          problems.add(
              new Violation(
                  "/tools/" + i + "/" + field,
                  "no schema '" + schema + "' in the project or the workflow"));
        }
      }
    }
    checkTasks(wf.tasks(), "/tasks", ids, known, problems);
    Durations.check(wf.config() == null ? null : wf.config().taskConfig(), "/config", problems);
    List<Object> bases = wf.knowledgeBases() == null ? List.of() : wf.knowledgeBases();
    for (int i = 0; i < bases.size(); i++) {
      StrictShapes.check(bases.get(i), KnowledgeBaseDef.class, "/knowledge_bases/" + i, problems);
    }
    // a workflow's own bases may name only the offline embedder and the embedded index: embedders
    // are the project's
    KnowledgeChecks.declarations(null, null, wf.knowledgeBases(), Set.of(), Set.of(), problems);
    KnowledgeChecks.bindings(wf.knowledge(), "/knowledge", known, problems);
    FlowCycles.check(wf.tasks(), "/tasks", problems);
    if (wf.config() != null
        && wf.config().input() instanceof String schema
        && KnownIds.missing(known.schemas(), schema)) {
      problems.add(
          new Violation(
              "/config/input", "no schema '" + schema + "' in the project or the workflow"));
    }
    List<Object> mcps = wf.mcps() == null ? List.of() : wf.mcps();
    for (int i = 0; i < mcps.size(); i++) {
      if (mcps.get(i) instanceof String id && KnownIds.missing(known.mcps(), id)) {
        problems.add(new Violation("/mcps/" + i, "no MCP server '" + id + "' in the project"));
      }
    }
    List<Object> agents = wf.agents() == null ? List.of() : wf.agents();
    for (int i = 0; i < agents.size(); i++) {
      if (agents.get(i) instanceof Map<?, ?> inline) {
        List<Violation> shape = new ArrayList<>();
        StrictShapes.check(inline, AgentDef.class, "/agents/" + i, shape);
        problems.addAll(shape);
        if (shape.isEmpty()) {
          AgentDef agent = Json.MAPPER.convertValue(inline, AgentDef.class);
          for (Violation v : AgentChecks.check(agent, known)) {
            problems.add(new Violation("/agents/" + i + v.pointer(), v.message()));
          }
        }
      } else if (!(agents.get(i) instanceof String)) {
        problems.add(
            new Violation("/agents/" + i, "an agent is an id or an agent written in place"));
      }
    }
    for (int i = 0; i < mcps.size(); i++) {
      if (mcps.get(i) instanceof Map<?, ?> inline) {
        StrictShapes.check(inline, McpDef.class, "/mcps/" + i, problems);
      }
    }
    ProjectChecks.schemas(wf.schemas(), "/schemas", problems);
    templates(wf.outputs(), "/outputs", problems);
    if (wf.schedule() != null && OverlapPolicy.parse(wf.schedule().overlapPolicy()).isEmpty()) {
      problems.add(
          new Violation("/schedule/overlap_policy", "must be one of " + OverlapPolicy.names()));
    }
    if (wf.schedule() != null && wf.schedule().cron().isBlank()) {
      problems.add(
          new Violation("/schedule/cron", "a cron expression or @every <duration> is required"));
    }
    List<WorkflowDef.TriggerDef> triggers = wf.triggers() == null ? List.of() : wf.triggers();
    for (int i = 0; i < triggers.size(); i++) {
      WorkflowDef.TriggerDef t = triggers.get(i);
      TriggerType type = TriggerType.parse(t.type()).orElse(null);
      if (type == null) {
        problems.add(new Violation("/triggers/" + i + "/type", "must be signal or webhook"));
      } else if (type == TriggerType.SIGNAL && (t.name() == null || t.name().isBlank())) {
        problems.add(
            new Violation("/triggers/" + i + "/name", "a signal trigger needs the event name"));
      } else if (type == TriggerType.WEBHOOK && t.webhook() == null) {
        problems.add(
            new Violation(
                "/triggers/" + i + "/webhook", "a webhook trigger needs its webhook block"));
      }
      if (t.webhook() != null) {
        webhook(t.webhook(), "/triggers/" + i + "/webhook", known, problems);
      }
      if (t.schema() instanceof String schema && KnownIds.missing(known.schemas(), schema)) {
        problems.add(
            new Violation(
                "/triggers/" + i + "/schema",
                "no schema '" + schema + "' in the project or the workflow"));
      }
    }
    return problems;
  }

  private static void collectIds(
      List<TaskDef> tasks, String at, Set<String> ids, List<Violation> problems, int depth) {
    for (int i = 0; i < tasks.size(); i++) {
      collectIds(tasks.get(i), at + "/" + i, ids, problems, depth);
    }
  }

  private static void collectIds(
      TaskDef t, String here, Set<String> ids, List<Violation> problems, int depth) {
    if (depth > MAX_DEPTH) {
      problems.add(new Violation(here, "containers nest deeper than " + MAX_DEPTH + " levels"));
      return;
    }
    // an id templated per item (doc-{{ .index }}) is rendered at run time, once per item
    boolean templated = t.id() != null && t.id().contains("{{");
    if (!templated && !ids.add(t.id())) {
      problems.add(new Violation(here + "/id", "task id '" + t.id() + "' is used twice"));
    }
    nested(t, here)
        .forEach((pointer, child) -> collectIds(child, pointer, ids, problems, depth + 1));
  }

  /**
   * The tasks inside {@code t} by their pointer: a container's children, a collection's task,
   * inline routes, a wait's processor.
   */
  private static Map<String, TaskDef> nested(TaskDef t, String here) {
    Map<String, TaskDef> out = new LinkedHashMap<>();
    switch (t) {
      case CollectionTask c -> out.put(here + "/task", c.task());
      case RouterTask r ->
          r.routes()
              .forEach(
                  (name, route) -> {
                    TaskDef inline = r.inlineRoute(name);
                    if (inline != null) {
                      out.put(here + "/routes/" + name, inline);
                    }
                  });
      case WaitTask w -> {
        if (w.processor() != null) {
          out.put(here + "/processor", w.processor());
        }
      }
      default -> {
        for (int i = 0; i < t.children().size(); i++) {
          out.put(here + "/tasks/" + i, t.children().get(i));
        }
      }
    }
    return out;
  }

  /** A webhook block: its shape, its filters (CEL), input templates and schema ids. */
  private static void webhook(
      Map<String, Object> block, String at, KnownIds known, List<Violation> problems) {
    List<Violation> shape = new ArrayList<>();
    StrictShapes.check(block, WebhookDef.class, at, shape);
    problems.addAll(shape);
    if (!shape.isEmpty()) {
      return;
    }
    WebhookDef hook = Json.MAPPER.convertValue(block, WebhookDef.class);
    for (int e = 0; e < hook.events().size(); e++) {
      WebhookDef.Event event = hook.events().get(e);
      cel(event.filter(), at + "/events/" + e + "/filter", problems);
      templates(event.input(), at + "/events/" + e + "/input", problems);
      if (event.schema() instanceof String schema && KnownIds.missing(known.schemas(), schema)) {
        problems.add(
            new Violation(
                at + "/events/" + e + "/schema",
                "no schema '" + schema + "' in the project or the workflow"));
      }
    }
    if (hook.verify() != null && WebhookVerification.parse(hook.verify().strategy()).isEmpty()) {
      problems.add(
          new Violation(at + "/verify/strategy", "must be one of " + WebhookVerification.names()));
    }
  }

  /**
   * The shared ids plus what the workflow declares itself (tools, agents, schemas, MCP servers).
   */
  private static KnownIds withOwn(WorkflowDef wf, KnownIds shared) {
    Set<String> tools = new HashSet<>(shared.tools() == null ? Set.of() : shared.tools());
    wf.toolsOrEmpty().forEach(t -> tools.add(t.id()));
    return new KnownIds(
        shared.tools() == null ? null : tools,
        plus(shared.agents(), wf.agents()),
        plus(shared.schemas(), wf.schemas()),
        plus(shared.mcps(), wf.mcps()),
        shared.memories(),
        shared.models(),
        plus(shared.knowledgeBases(), wf.knowledgeBases()));
  }

  private static @Nullable Set<String> plus(
      @Nullable Set<String> shared, @Nullable List<Object> declared) {
    if (shared == null) {
      return null;
    }
    Set<String> out = new HashSet<>(shared);
    if (declared != null) {
      declared.forEach(
          d -> {
            if (d instanceof Map<?, ?> m && m.get("id") instanceof String id) {
              out.add(id);
            }
          });
    }
    return out;
  }

  private static void checkTasks(
      List<TaskDef> tasks, String at, Set<String> ids, KnownIds known, List<Violation> problems) {
    for (int i = 0; i < tasks.size(); i++) {
      checkTask(tasks.get(i), at + "/" + i, ids, known, Set.of(), problems);
    }
  }

  /**
   * {@code loop}: the variables the enclosing collections add (item, index, their item_var and
   * index_var).
   */
  private static void checkTask(
      TaskDef t,
      String here,
      Set<String> ids,
      KnownIds known,
      Set<String> loop,
      List<Violation> problems) {
    target(
        t.onSuccess() == null ? null : t.onSuccess().next(),
        here + "/on_success/next",
        ids,
        problems);
    target(t.onError() == null ? null : t.onError().next(), here + "/on_error/next", ids, problems);
    cel(t.skipCondition(), here + "/condition", loop, problems);
    Durations.check(t.timeout(), here + "/timeout", problems);
    Durations.check(t.sleep(), here + "/sleep", problems);
    Durations.check(t.config(), here + "/config", problems);
    templates(t.with(), here + "/with", problems);
    templates(t.outputs(), here + "/outputs", problems);
    for (String field : List.of("input", "output")) {
      if ((field.equals("input") ? t.input() : t.output()) instanceof String schema
          && KnownIds.missing(known.schemas(), schema)) {
        problems.add(
            new Violation(
                here + "/" + field, "no schema '" + schema + "' in the project or the workflow"));
      }
    }
    switch (t) {
      case BasicTask b -> {
        templates(b.prompt(), here + "/prompt", problems);
        Attachment.check(b.attachments(), here + "/attachments", problems);
        KnowledgeChecks.bindings(b.knowledge(), here + "/knowledge", known, problems);
        if (b.tool() != null
            && KnownIds.missing(known.tools(), b.tool())
            && BuiltinTools.find(b.tool()).isEmpty()) {
          problems.add(
              new Violation(
                  here + "/tool", "no tool '" + b.tool() + "' in the project or the workflow"));
        }
        templates(b.agent(), here + "/agent", problems);
        templates(b.action(), here + "/action", problems);
        if (b.agent() != null
            && !b.agent().contains("{{")
            && KnownIds.missing(known.agents(), b.agent())) {
          problems.add(
              new Violation(
                  here + "/agent", "no agent '" + b.agent() + "' in the project or the workflow"));
        }
        AgentChecks.model(b.modelConfig(), here + "/model_config", known, problems);
      }
      case MemoryTask m -> {
        templates(m.keyTemplate(), here + "/key_template", problems);
        templates(m.payload(), here + "/payload", problems);
        if (KnownIds.missing(known.memories(), m.memoryRef())) {
          problems.add(
              new Violation(
                  here + "/memory_ref", "no memory '" + m.memoryRef() + "' in the project"));
        }
      }
      case RouterTask r -> {
        cel(r.condition(), here + "/condition", loop, problems);
        r.routes()
            .forEach(
                (name, route) ->
                    target(r.routeTarget(name), here + "/routes/" + name, ids, problems));
        target(r.defaultRoute(), here + "/default", ids, problems);
      }
      case WaitTask w -> {
        // the record says wait_for is there; JSON without it gives null, which would end the
        // execution at its first signal
        if (w.waitFor() == null || w.waitFor().isBlank()) {
          problems.add(
              new Violation(here + "/wait_for", "a wait task names the signal it waits for"));
        }
        cel(w.condition(), here + "/condition", loop, problems);
        target(w.onTimeout(), here + "/on_timeout", ids, problems);
      }
      case CollectionTask c -> {
        templates(c.items(), here + "/items", problems);
        collectionFilter(c, here + "/filter", problems);
      }
      case SignalTask s -> templates(s.signal().payload(), here + "/signal/payload", problems);
      default -> {}
    }
    Set<String> inner = loop;
    if (t instanceof CollectionTask c) {
      inner = new HashSet<>(loop);
      inner.addAll(c.loopVariables());
    }
    Set<String> childLoop = inner;
    nested(t, here)
        .forEach((pointer, child) -> checkTask(child, pointer, ids, known, childLoop, problems));
  }

  private static void target(
      @Nullable String task, String at, Set<String> ids, List<Violation> problems) {
    if (task != null && !ids.contains(task)) {
      problems.add(new Violation(at, "no task '" + task + "' in this workflow"));
    }
  }

  /**
   * A collection's filter is a template when it holds {{ }} (Compozy's form: the item is kept when
   * the text reads true), otherwise CEL; either way it may name the collection's item_var and
   * index_var.
   */
  private static void collectionFilter(CollectionTask c, String at, List<Violation> problems) {
    if (c.filter() == null) {
      return;
    }
    if (c.filter().contains("{{")) {
      templates(c.filter(), at, problems);
      return;
    }
    try {
      CEL.check(c.filter(), c.loopVariables());
    } catch (RuntimeException e) {
      problems.add(new Violation(at, "not a valid CEL expression: " + firstLine(e.getMessage())));
    }
  }

  static void cel(@Nullable String expression, String at, List<Violation> problems) {
    cel(expression, at, Set.of(), problems);
  }

  static void cel(
      @Nullable String expression, String at, Set<String> extra, List<Violation> problems) {
    if (expression == null) {
      return;
    }
    try {
      CEL.check(expression, extra);
    } catch (RuntimeException e) {
      problems.add(new Violation(at, "not a valid CEL expression: " + firstLine(e.getMessage())));
    }
  }

  static void templates(@Nullable Object value, String at, List<Violation> problems) {
    switch (value) {
      case String s when s.contains("{{") -> {
        try {
          Template.parse(s);
        } catch (TemplateException e) {
          String where =
              e.column() > 0 ? " (line " + e.line() + ", column " + e.column() + ")" : "";
          problems.add(
              new Violation(at, "not a valid template" + where + ": " + firstLine(e.getMessage())));
        }
      }
      case Map<?, ?> m ->
          m.forEach(
              (k, v) ->
                  templates(
                      v,
                      at + "/" + String.valueOf(k).replace("~", "~0").replace("/", "~1"),
                      problems));
      case List<?> l -> {
        for (int i = 0; i < l.size(); i++) {
          templates(l.get(i), at + "/" + i, problems);
        }
      }
      case null, default -> {}
    }
  }

  private static String firstLine(@Nullable String s) {
    return s == null ? "" : s.lines().findFirst().orElse("");
  }
}
