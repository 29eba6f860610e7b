package io.compozy.execution.memory;

import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.converter.ResolvedSchema;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * The memory API in the OpenAPI document as clients see it: one path per operation (the handler
 * serves them all under {@code /memory/{ref}/{operation}}), each named for what it does.
 */
@Component
class MemoryApiDocs implements OpenApiCustomizer {
  private static final String GENERIC = "/api/v0/memory/{ref}/{operation}";

  /** Operation → its name and summary, reads (GET) then writes (POST). */
  private static final Map<String, Named> READS =
      Map.of(
          "read",
              new Named(
                  "readMemory",
                  "The messages of a memory instance, oldest first",
                  MemoryAnswers.Message.class,
                  true),
          "stats",
              new Named(
                  "getMemoryStats",
                  "How many messages and tokens a memory instance holds",
                  MemoryAnswers.Stats.class,
                  false),
          "health",
              new Named(
                  "getMemoryHealth",
                  "Whether a memory instance is within its limits",
                  MemoryAnswers.Health.class,
                  false));

  private static final Map<String, Named> WRITES =
      Map.of(
          "write",
              new Named(
                  "writeMemory",
                  "Replaces the messages of a memory instance",
                  MemoryAnswers.Written.class,
                  false),
          "append",
              new Named(
                  "appendMemory",
                  "Appends messages to a memory instance",
                  MemoryAnswers.Appended.class,
                  false),
          "delete",
              new Named(
                  "deleteMemoryInstance",
                  "Deletes a memory instance",
                  MemoryAnswers.Deleted.class,
                  false),
          "clear",
              new Named(
                  "clearMemory",
                  "Clears every message of a memory instance (confirm: true)",
                  MemoryAnswers.Cleared.class,
                  false),
          "flush",
              new Named(
                  "flushMemory",
                  "Flushes a memory instance as its flushing strategy says",
                  MemoryAnswers.Flushed.class,
                  false));

  /**
   * One operation as the document names it, and what its {@code data} is (a list of them for {@code
   * read}).
   */
  private record Named(String operationId, String summary, Class<?> answer, boolean list) {
    /**
     * The answer's envelope as a component, {@code MemoryStatsAnswer}, {@code
     * MemoryMessageListAnswer}, …, its parts registered too.
     */
    Schema<?> envelope(OpenAPI api) {
      ResolvedSchema resolved =
          ModelConverters.getInstance(true)
              .readAllAsResolvedSchema(new AnnotatedType(answer).resolveAsRef(true));
      resolved.referencedSchemas.forEach(api.getComponents()::addSchemas);
      Schema<?> data = resolved.schema;
      String name =
          resolved.schema.get$ref().substring(resolved.schema.get$ref().lastIndexOf('/') + 1);
      if (list) {
        Schema<Object> array = new Schema<>();
        array.setTypes(Set.of("array"));
        array.setItems(data);
        data = array;
        name += "List";
      }
      Schema<?> envelope =
          new Schema<>()
              .types(Set.of("object"))
              .addProperty("data", data)
              .addProperty("message", new Schema<>().types(Set.of("string")));
      envelope.setRequired(List.of("data", "message"));
      api.getComponents().addSchemas(name + "Answer", envelope);
      return new Schema<>().$ref("#/components/schemas/" + name + "Answer");
    }
  }

  @Override
  public void customise(OpenAPI api) {
    if (api.getPaths() == null) {
      return;
    }
    PathItem generic = api.getPaths().remove(GENERIC);
    if (generic == null) {
      return;
    }
    READS.forEach(
        (op, names) -> {
          if (generic.getGet() != null) {
            api.getPaths()
                .addPathItem(
                    GENERIC.replace("{operation}", op),
                    new PathItem().get(named(api, generic.getGet(), names)));
          }
        });
    WRITES.forEach(
        (op, names) -> {
          if (generic.getPost() != null) {
            api.getPaths()
                .addPathItem(
                    GENERIC.replace("{operation}", op),
                    new PathItem().post(named(api, generic.getPost(), names)));
          }
        });
  }

  private static Operation named(OpenAPI api, Operation generic, Named names) {
    List<Parameter> parameters =
        generic.getParameters() == null
            ? List.of()
            : generic.getParameters().stream()
                .filter(p -> !"operation".equals(p.getName()))
                .toList();
    ApiResponses responses = new ApiResponses();
    responses.putAll(generic.getResponses() == null ? Map.of() : generic.getResponses());
    responses.addApiResponse(
        "200",
        new ApiResponse()
            .description("OK")
            .content(
                new Content()
                    .addMediaType(
                        "application/json", new MediaType().schema(names.envelope(api)))));
    return new Operation()
        .operationId(names.operationId())
        .summary(names.summary())
        .addTagsItem("Memories")
        .parameters(parameters)
        .requestBody(generic.getRequestBody())
        .responses(responses);
  }
}
