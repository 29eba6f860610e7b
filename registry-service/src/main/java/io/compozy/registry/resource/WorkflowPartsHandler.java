package io.compozy.registry.resource;

import io.compozy.contracts.dsl.ResourceKinds;
import io.compozy.support.problem.ApiProblem;
import io.compozy.support.web.ApiResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Compozy's reads of a workflow's parts: {@code /workflows/{id}/tasks}, {@code /agents} and {@code
 * /tools}, whole or one by id; the tasks nested ones too, the agents and tools those it declares or
 * names ({@link WorkflowParts}, what {@code ?workflow_id=} and {@code expand} read).
 */
@RestController
@RequestMapping("/api/v0/workflows/{workflowId}")
@Tag(name = "Workflows")
class WorkflowPartsHandler {
  private final WorkflowParts parts;

  WorkflowPartsHandler(WorkflowParts parts) {
    this.parts = parts;
  }

  @GetMapping("/tasks")
  @Operation(
      operationId = "listWorkflowTasks",
      summary = "The tasks of a workflow, nested ones too")
  Mono<ApiResponse<Map<String, Object>>> tasks(@PathVariable String workflowId) {
    return list(workflowId, ResourceKinds.TASK, "tasks");
  }

  @GetMapping("/tasks/{taskId}")
  @Operation(operationId = "getWorkflowTask", summary = "One task of a workflow")
  Mono<ApiResponse<Object>> task(@PathVariable String workflowId, @PathVariable String taskId) {
    return one(workflowId, ResourceKinds.TASK, "task", taskId);
  }

  @GetMapping("/agents")
  @Operation(
      operationId = "listWorkflowAgents",
      summary = "The agents a workflow declares or names")
  Mono<ApiResponse<Map<String, Object>>> agents(@PathVariable String workflowId) {
    return list(workflowId, ResourceKinds.AGENT, "agents");
  }

  @GetMapping("/agents/{agentId}")
  @Operation(operationId = "getWorkflowAgent", summary = "One agent of a workflow")
  Mono<ApiResponse<Object>> agent(@PathVariable String workflowId, @PathVariable String agentId) {
    return one(workflowId, ResourceKinds.AGENT, "agent", agentId);
  }

  @GetMapping("/tools")
  @Operation(operationId = "listWorkflowTools", summary = "The tools a workflow declares or names")
  Mono<ApiResponse<Map<String, Object>>> tools(@PathVariable String workflowId) {
    return list(workflowId, ResourceKinds.TOOL, "tools");
  }

  @GetMapping("/tools/{toolId}")
  @Operation(operationId = "getWorkflowTool", summary = "One tool of a workflow")
  Mono<ApiResponse<Object>> tool(@PathVariable String workflowId, @PathVariable String toolId) {
    return one(workflowId, ResourceKinds.TOOL, "tool", toolId);
  }

  private Mono<ApiResponse<Map<String, Object>>> list(String workflowId, String kind, String key) {
    return parts
        .of(workflowId, kind)
        .map(
            list ->
                ApiResponse.of(
                    Map.<String, Object>of(key, list),
                    capitalized(key) + " of workflow " + workflowId));
  }

  private Mono<ApiResponse<Object>> one(String workflowId, String kind, String word, String id) {
    return parts
        .of(workflowId, kind)
        .flatMap(
            list ->
                Mono.justOrEmpty(
                    list.stream()
                        .filter(d -> d instanceof Map<?, ?> m && id.equals(m.get("id")))
                        .findFirst()))
        .switchIfEmpty(Mono.error(() -> ApiProblem.notFound(word, id)))
        .map(d -> ApiResponse.of(d, capitalized(word) + " retrieved successfully"));
  }

  private static String capitalized(String word) {
    return Character.toUpperCase(word.charAt(0)) + word.substring(1);
  }
}
