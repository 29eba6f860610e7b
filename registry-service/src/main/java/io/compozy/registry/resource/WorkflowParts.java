package io.compozy.registry.resource;

import io.compozy.contracts.dsl.CollectionTask;
import io.compozy.contracts.dsl.ResourceKinds;
import io.compozy.contracts.dsl.TaskDef;
import io.compozy.contracts.dsl.Uses;
import io.compozy.contracts.dsl.WorkflowDef;
import io.compozy.contracts.json.Json;
import io.compozy.support.problem.ApiProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What belongs to a workflow, as {@code expand} embeds it and {@code workflow_id} filters it: its
 * tasks (nested ones too, depth first), the agents and tools it declares or names.
 */
@Component
class WorkflowParts {
  static final Set<String> EXPANDABLE =
      Set.of(ResourceKinds.TASK, ResourceKinds.AGENT, ResourceKinds.TOOL);
  private final ResourceStore store;

  WorkflowParts(ResourceStore store) {
    this.store = store;
  }

  /** The stored workflow, or a 404 naming it. */
  Mono<WorkflowDef> workflow(String id) {
    return store
        .find(ResourceKinds.WORKFLOW, id)
        .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("workflow", id)))
        .map(s -> Json.MAPPER.convertValue(s.document().body(), WorkflowDef.class));
  }

  /** One kind of part ({@code tasks}, {@code agents}, {@code tools}) of a stored workflow. */
  Mono<List<Object>> of(String workflowId, String kind) {
    return workflow(workflowId).flatMap(wf -> of(wf, kind));
  }

  Mono<List<Object>> of(WorkflowDef wf, String kind) {
    return switch (kind) {
      case ResourceKinds.TASK -> Mono.just(tasks(wf.tasks(), new ArrayList<>()));
      case ResourceKinds.AGENT -> named(wf, kind, wf.agents() == null ? List.of() : wf.agents());
      case ResourceKinds.TOOL ->
          named(wf, kind, wf.toolsOrEmpty().stream().map(WorkflowParts::asServed).toList());
      default ->
          Mono.error(
              ApiProblem.badRequest(
                      "invalid_parameter",
                      "a workflow expands and filters tasks, agents and tools, not " + kind)
                  .with("field", "expand"));
    };
  }

  private Mono<List<Object>> named(WorkflowDef wf, String kind, List<Object> inline) {
    Set<String> names = Uses.of(wf).of(kind);
    Flux<Object> stored =
        Flux.fromIterable(names)
            .concatMap(id -> store.find(kind, id))
            .map(s -> s.document().body());
    return Flux.concat(Flux.fromIterable(inline), stored).collectList();
  }

  /**
   * A part as definitions are served: without the fields it does not set (a {@code "processor":
   * null} is not a task).
   */
  private static Object asServed(Object part) {
    return Json.plain(Json.writeDefinition(part));
  }

  private static List<Object> tasks(List<TaskDef> tasks, List<Object> into) {
    for (TaskDef t : tasks) {
      into.add(asServed(t));
      if (t instanceof CollectionTask c) {
        tasks(List.of(c.task()), into);
      } else {
        tasks(t.children(), into);
      }
    }
    return into;
  }
}
