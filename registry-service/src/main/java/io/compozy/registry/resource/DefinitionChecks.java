package io.compozy.registry.resource;

import io.compozy.contracts.dsl.AgentChecks;
import io.compozy.contracts.dsl.AgentDef;
import io.compozy.contracts.dsl.Durations;
import io.compozy.contracts.dsl.KnowledgeBaseDef;
import io.compozy.contracts.dsl.KnowledgeChecks;
import io.compozy.contracts.dsl.KnownIds;
import io.compozy.contracts.dsl.ProjectDef;
import io.compozy.contracts.dsl.ResourceKinds;
import io.compozy.contracts.dsl.SchemaRefs;
import io.compozy.contracts.dsl.ToolDef;
import io.compozy.contracts.dsl.Uses;
import io.compozy.contracts.dsl.WorkflowChecks;
import io.compozy.contracts.dsl.WorkflowDef;
import io.compozy.contracts.json.Json;
import io.compozy.contracts.schema.JsonSchemas;
import io.compozy.contracts.schema.Violation;
import io.compozy.support.problem.ApiProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The checks that need what is stored: every id a workflow or agent names exists, and who still
 * names a definition that is about to be deleted.
 */
@Component
public class DefinitionChecks {
  private final ResourceStore store;
  private final JsonSchemas schemas = new JsonSchemas();

  DefinitionChecks(ResourceStore store) {
    this.store = store;
  }

  /** Every problem of {@code definition} against what is stored, pointers relative to it. */
  public Mono<List<Violation>> problems(Object definition) {
    return switch (definition) {
      case WorkflowDef wf -> store.knownIds().map(known -> WorkflowChecks.check(wf, known));
      case AgentDef agent -> store.knownIds().map(known -> AgentChecks.check(agent, known));
      case ToolDef tool -> Mono.just(toolProblems(tool));
      case Map<?, ?> schema -> Mono.just(schemaProblems(schema));
      case KnowledgeBaseDef kb ->
          store
              .projectName()
              .flatMap(name -> store.find(ResourceKinds.PROJECT, name))
              .map(p -> Json.MAPPER.convertValue(p.document().body(), ProjectDef.class))
              .map(p -> KnowledgeChecks.check(kb, p.embedders(), p.vectorDbs()))
              .defaultIfEmpty(KnowledgeChecks.check(kb, null, null));
      default -> Mono.just(List.of());
    };
  }

  private static List<Violation> toolProblems(ToolDef tool) {
    List<Violation> problems = new ArrayList<>();
    Durations.check(tool.timeout(), "/timeout", problems);
    return problems;
  }

  public Mono<Void> validate(Object definition, String word) {
    return problems(definition)
        .flatMap(
            p ->
                p.isEmpty()
                    ? Mono.<Void>empty()
                    : Mono.error(ApiProblem.invalidInput("the " + word + " is not valid", p)));
  }

  /** A schema needs its id and must itself be a JSON Schema a value can be checked against. */
  private List<Violation> schemaProblems(Map<?, ?> schema) {
    if (!(schema.get("id") instanceof String)) {
      return List.of(new Violation("/id", "a schema needs its id"));
    }
    return schemas.schemaProblems(SchemaRefs.withoutId(schema));
  }

  /** The stored workflows and agents that name {@code kind/id}, as {@code kind/id}. */
  public Mono<List<String>> referencesTo(String kind, String id) {
    Flux<String> workflows =
        store
            .list(ResourceKinds.WORKFLOW)
            .filter(
                d -> Uses.of(Json.MAPPER.convertValue(d.body(), WorkflowDef.class)).names(kind, id))
            .map(d -> ResourceKinds.WORKFLOW + "/" + d.id());
    Flux<String> agents =
        store
            .list(ResourceKinds.AGENT)
            .filter(
                d -> Uses.of(Json.MAPPER.convertValue(d.body(), AgentDef.class)).names(kind, id))
            .map(d -> ResourceKinds.AGENT + "/" + d.id());
    return Flux.concat(workflows, agents).collectList();
  }

  /** Known ids for a whole project being loaded next to what is stored. */
  public Mono<KnownIds> stored() {
    return store.knownIds();
  }
}
