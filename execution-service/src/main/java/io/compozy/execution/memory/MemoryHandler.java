package io.compozy.execution.memory;

import io.compozy.contracts.dsl.MemoryDef;
import io.compozy.contracts.dsl.MemoryOperation;
import io.compozy.contracts.schema.Violation;
import io.compozy.support.catalog.ResourceCatalog;
import io.compozy.support.problem.ApiProblem;
import io.compozy.support.web.ApiResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The memory API: {@code GET /memory/{ref}/read|stats|health?key=} and {@code POST
 * /memory/{ref}/write|append|delete|clear|flush} with {@code {key, messages}} ({@code clear} also
 * wants {@code confirm: true}). {@code ref} is a memory resource's id; {@code key} the instance.
 */
@RestController
@RequestMapping("/api/v0/memory")
class MemoryHandler {
  private final ResourceCatalog catalog;
  private final MemoryStore store;

  private final MemoryHealth health;

  MemoryHandler(ResourceCatalog catalog, MemoryStore store, MemoryHealth health) {
    this.catalog = catalog;
    this.store = store;
    this.health = health;
  }

  @GetMapping("/health")
  @Operation(
      operationId = "getMemorySystemHealth",
      summary = "The memory system's health: Redis, and the instances of each memory",
      description =
          "503 with Retry-After when Redis does not answer. Instances are counted up to 10,000 per"
              + " memory (instances_capped says more).")
  @Tag(name = "Memories")
  Mono<ApiResponse<MemoryHealth.SystemHealth>> systemHealth() {
    return health
        .system(catalog.memories())
        .map(h -> ApiResponse.of(h, "Memory system is healthy"));
  }

  @GetMapping("/health/{memoryId}")
  @Operation(
      operationId = "getMemoryResourceHealth",
      summary = "One memory's health: its limits and how many instances Redis holds")
  @Tag(name = "Memories")
  Mono<ApiResponse<MemoryHealth.ResourceHealth>> resourceHealth(@PathVariable String memoryId) {
    MemoryDef memory =
        catalog.memory(memoryId).orElseThrow(() -> ApiProblem.notFound("memory", memoryId));
    return health.resource(memory).map(h -> ApiResponse.of(h, "Memory health retrieved"));
  }

  /** The body of a write: the instance key, the messages, and for {@code clear} a confirmation. */
  record MemoryRequest(@Nullable Object key, @Nullable Object messages, @Nullable Object confirm) {}

  @GetMapping("/{ref}/{operation}")
  Mono<ApiResponse<Object>> read(
      @PathVariable String ref,
      @PathVariable String operation,
      @RequestParam(required = false) @Nullable String key) {
    MemoryOperation op = MemoryOperation.parse(operation).orElse(null);
    if (op == null || !op.isRead()) {
      return Mono.error(unknown(operation, op != null ? "POST" : null));
    }
    if (key == null || key.isBlank()) {
      return Mono.error(
          ApiProblem.badRequest(
                  "invalid_parameter", "the query parameter `key` names the memory instance")
              .with("field", "key"));
    }
    return run(ref, key, op, null);
  }

  @PostMapping("/{ref}/{operation}")
  Mono<ApiResponse<Object>> write(
      @PathVariable String ref, @PathVariable String operation, @RequestBody MemoryRequest body) {
    MemoryOperation op = MemoryOperation.parse(operation).orElse(null);
    if (op == null || op.isRead()) {
      return Mono.error(unknown(operation, op != null ? "GET" : null));
    }
    if (!(body.key() instanceof String key) || key.isBlank()) {
      return Mono.error(
          ApiProblem.invalidInput(
              "the memory request is not valid",
              List.of(
                  new Violation("/key", "must be a non-empty string naming the memory instance"))));
    }
    if (op == MemoryOperation.CLEAR && !Boolean.TRUE.equals(body.confirm())) {
      return Mono.error(
          ApiProblem.invalidInput(
              "clearing a memory instance needs confirmation",
              List.of(
                  new Violation(
                      "/confirm", "must be true to clear every message of '" + key + "'"))));
    }
    return run(ref, key, op, body.messages());
  }

  private Mono<ApiResponse<Object>> run(
      String ref, String key, MemoryOperation operation, @Nullable Object messages) {
    MemoryDef memory = catalog.memory(ref).orElseThrow(() -> ApiProblem.notFound("memory", ref));
    return store
        .apply(memory, key, operation, messages)
        .onErrorMap(
            MemoryException.class,
            e ->
                ApiProblem.invalidInput(
                    "the memory operation is not valid",
                    List.of(new Violation(e.pointer(), e.getMessage()))))
        .map(out -> ApiResponse.of(out, "Memory " + operation.wireName() + " done"));
  }

  private static ApiProblem unknown(String operation, @Nullable String otherMethod) {
    return otherMethod == null
        ? ApiProblem.notFound("memory_operation", operation)
        : ApiProblem.badRequest(
                "wrong_method", "memory " + operation + " is a " + otherMethod + " request")
            .with("field", "operation");
  }
}
