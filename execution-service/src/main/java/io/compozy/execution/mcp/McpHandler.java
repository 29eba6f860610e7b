package io.compozy.execution.mcp;

import io.compozy.contracts.dsl.McpDef;
import io.compozy.contracts.dsl.ToolDef;
import io.compozy.support.catalog.ResourceCatalog;
import io.compozy.support.problem.ApiProblem;
import io.compozy.support.web.ApiResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** {@code GET /mcps/{id}/tools}: the tools an MCP server of the project offers, asked of it now. */
@RestController
@RequestMapping("/api/v0/mcps")
@Tag(name = "Mcps")
class McpHandler {
  private final ResourceCatalog catalog;
  private final McpClients clients;

  McpHandler(ResourceCatalog catalog, McpClients clients) {
    this.catalog = catalog;
    this.clients = clients;
  }

  @GetMapping("/{id}/tools")
  @Operation(operationId = "listMcpTools", summary = "The tools an MCP server offers")
  Mono<ApiResponse<McpTools>> tools(@PathVariable String id) {
    McpDef server = catalog.mcp(id).orElseThrow(() -> ApiProblem.notFound("mcp", id));
    return Mono.fromCallable(() -> clients.tools(server))
        .subscribeOn(Schedulers.boundedElastic())
        .onErrorMap(
            McpException.class,
            e ->
                new ApiProblem(
                    HttpStatus.BAD_GATEWAY,
                    "mcp_unavailable",
                    "Bad gateway",
                    e.getMessage(),
                    Map.of("mcp", id)))
        .map(
            tools ->
                ApiResponse.of(
                    new McpTools(id, tools.stream().map(McpHandler::view).toList()),
                    tools.size() + " tools"));
  }

  /** One tool an MCP server offers. */
  record McpTool(String name, @Nullable String description, @Nullable Object inputSchema) {}

  /** The tools of one MCP server. */
  record McpTools(String mcp, List<McpTool> tools) {}

  private static McpTool view(ToolDef t) {
    return new McpTool(t.id(), t.description(), t.input());
  }
}
