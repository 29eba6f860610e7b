package io.compozy.execution.run;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * The API overview's three requests as examples in the document (start my-workflow with the
 * greeting, read the execution, read its outputs), so "try it out" in Swagger UI starts filled in.
 */
@Component
class ExecutionApiDocs implements OpenApiCustomizer {
  private static final String EXEC_ID = "exec_01234567-89ab-cdef-0123-456789abcdef";

  @Override
  public void customise(OpenAPI api) {
    if (api.getPaths() == null) {
      return;
    }
    Map<String, Object> start = Map.of("input", Map.of("message", "Hello, world!"));
    for (String path :
        List.of(
            "/api/v0/workflows/{workflowId}/executions",
            "/api/v0/workflows/{workflowId}/executions/sync")) {
      Operation post = post(api, path);
      if (post != null
          && post.getRequestBody() != null
          && post.getRequestBody().getContent() != null) {
        MediaType json = post.getRequestBody().getContent().get("application/json");
        if (json != null) {
          json.setExample(start);
        }
      }
    }
    example(
        post(api, "/api/v0/workflows/{workflowId}/executions"),
        "202",
        Map.of(
            "data",
            Map.of(
                "exec_id",
                EXEC_ID,
                "exec_url",
                "/api/v0/executions/workflows/" + EXEC_ID,
                "workflow_id",
                "my-workflow",
                "status",
                "pending",
                "created_at",
                "2026-01-01T12:00:00Z",
                "updated_at",
                "2026-01-01T12:00:00Z"),
            "message",
            "Workflow execution started successfully",
            "status",
            202));
    example(
        get(api, "/api/v0/executions/workflows/{execId}"),
        "200",
        Map.of(
            "data",
            Map.of(
                "exec_id",
                EXEC_ID,
                "workflow_id",
                "my-workflow",
                "status",
                "running",
                "input",
                Map.of("message", "Hello, world!"),
                "tasks",
                Map.of("shout", Map.of("status", "success", "attempts", 1))),
            "message",
            "Workflow execution retrieved successfully",
            "status",
            200));
    for (String path :
        List.of("/api/v0/executions/workflows", "/api/v0/workflows/{workflowId}/executions")) {
      header(
          get(api, path),
          "200",
          "Link",
          "<…>; rel=\"next\" while older executions follow, <…>; rel=\"prev\" while newer ones"
              + " precede");
    }
    for (String code : List.of("202", "200")) {
      header(
          post(api, "/api/v0/workflows/{workflowId}/executions"),
          code,
          "Location",
          "Where the execution is read");
    }
    example(
        get(api, "/api/v0/executions/workflows/{execId}/outputs"),
        "200",
        Map.of(
            "data",
            Map.of(
                "exec_id",
                EXEC_ID,
                "status",
                "success",
                "output",
                Map.of("greeting", "HELLO, WORLD!!!!", "chars", 13)),
            "message",
            "Workflow execution outputs retrieved successfully",
            "status",
            200));
  }

  private static @Nullable Operation post(OpenAPI api, String path) {
    PathItem item = api.getPaths().get(path);
    return item == null ? null : item.getPost();
  }

  private static @Nullable Operation get(OpenAPI api, String path) {
    PathItem item = api.getPaths().get(path);
    return item == null ? null : item.getGet();
  }

  private static void header(@Nullable Operation op, String code, String name, String description) {
    ApiResponse r = op == null || op.getResponses() == null ? null : op.getResponses().get(code);
    if (r != null) {
      r.addHeaderObject(name, new Header().description(description).schema(new StringSchema()));
    }
  }

  private static void example(@Nullable Operation op, String code, Object example) {
    ApiResponse r = op == null || op.getResponses() == null ? null : op.getResponses().get(code);
    MediaType json =
        r == null || r.getContent() == null ? null : r.getContent().get("application/json");
    if (json != null) {
      json.setExample(example);
    }
  }
}
