package io.compozy.execution.stream;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * The execution streams in the OpenAPI document as what they send: {@code text/event-stream} of
 * {@code ExecutionStreamEvent}s (an {@code id}, one of the event names, the event's JSON as {@code
 * data}), not the array of opaque objects springdoc infers from the handler's type.
 */
@Component
class StreamApiDocs implements OpenApiCustomizer {
  static final String EVENT = "ExecutionStreamEvent";

  @Override
  public void customise(OpenAPI api) {
    if (api.getPaths() == null) {
      return;
    }
    boolean any = false;
    for (String path :
        List.of(
            "/api/v0/executions/workflows/{execId}/stream",
            "/api/v0/executions/agents/{execId}/stream",
            "/api/v0/executions/tasks/{execId}/stream")) {
      PathItem item = api.getPaths().get(path);
      if (item == null || item.getGet() == null) {
        continue;
      }
      Operation get = item.getGet();
      get.description(
          "Server-Sent Events until `complete` or `error`: `workflow_start`, `workflow_status`,"
              + " `task_status` (its `task_id` and `data.status`), `llm_chunk` (a model's tokens,"
              + " without an id), `complete` and `error` (the end, `data.status`). A `: ping`"
              + " comment every 15 s. Resume after a drop with `Last-Event-ID` (or"
              + " `last_event_id`); `events=` keeps only the named ones.");
      get.getResponses()
          .addApiResponse(
              "200",
              new ApiResponse()
                  .description("The events, as they happen")
                  .content(
                      new Content()
                          .addMediaType(
                              "text/event-stream",
                              new MediaType()
                                  .schema(new Schema<>().$ref("#/components/schemas/" + EVENT)))));
      any = true;
    }
    if (any) {
      Schema<Object> event = new ObjectSchema();
      event.description(
          "One event of the stream, as its `id:`, `event:` and `data:` lines carry it");
      event.addProperty(
          "id",
          new IntegerSchema()
              .description("The event's sequence number in the execution (absent for llm_chunk)"));
      StringSchema name = new StringSchema();
      ExecutionStreamHandler.STREAMED.forEach(t -> name.addEnumItem(t.wireName()));
      event.addProperty("event", name.description("What happened"));
      event.addProperty(
          "data",
          new StringSchema()
              .description(
                  "The event as JSON: exec_id, workflow_id, seq, type, status, task_id, data, at"
                      + " (for llm_chunk, the chunk alone)"));
      event.setRequired(List.of("event", "data"));
      api.getComponents().addSchemas(EVENT, event);
      if (api.getComponents().getSchemas() != null) {
        api.getComponents().getSchemas().remove("ServerSentEventString");
      }
    }
  }
}
