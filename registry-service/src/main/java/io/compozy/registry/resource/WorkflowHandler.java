package io.compozy.registry.resource;

import io.compozy.contracts.catalog.ResourceKinds;
import io.compozy.support.problem.ApiProblem;
import io.compozy.support.web.ApiResponse;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Reading workflow definitions (the full definitions API is the registry issue). */
@RestController
@RequestMapping("/api/v0/workflows")
class WorkflowHandler {
  private final ResourceStore store;

  WorkflowHandler(ResourceStore store) {
    this.store = store;
  }

  @GetMapping
  Mono<ApiResponse<Map<String, List<Object>>>> list() {
    return store.list(ResourceKinds.WORKFLOW).map(d -> d.body()).collectList()
        .map(l -> ApiResponse.of(Map.of("workflows", l), "Workflows retrieved successfully"));
  }

  @GetMapping("/{id}")
  Mono<ApiResponse<Object>> get(@PathVariable String id) {
    return store.get(ResourceKinds.WORKFLOW, id)
        .switchIfEmpty(Mono.error(() -> ApiProblem.notFound("workflow", id)))
        .map(d -> ApiResponse.of(d.body(), "Workflow retrieved successfully"));
  }
}
