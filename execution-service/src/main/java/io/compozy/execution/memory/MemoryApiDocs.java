package io.compozy.execution.memory;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.parameters.Parameter;
import java.util.List;
import java.util.Map;
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
  private static final Map<String, String[]> READS = Map.of(
      "read", new String[] {"readMemory", "The messages of a memory instance"},
      "stats", new String[] {"getMemoryStats", "How many messages and tokens a memory instance holds"},
      "health", new String[] {"getMemoryHealth", "Whether a memory instance is within its limits"});
  private static final Map<String, String[]> WRITES = Map.of(
      "write", new String[] {"writeMemory", "Replaces the messages of a memory instance"},
      "append", new String[] {"appendMemory", "Appends messages to a memory instance"},
      "delete", new String[] {"deleteMemoryInstance", "Deletes a memory instance"},
      "clear", new String[] {"clearMemory", "Clears every message of a memory instance (confirm: true)"},
      "flush", new String[] {"flushMemory", "Flushes a memory instance as its flushing strategy says"});

  @Override
  public void customise(OpenAPI api) {
    if (api.getPaths() == null) {
      return;
    }
    PathItem generic = api.getPaths().remove(GENERIC);
    if (generic == null) {
      return;
    }
    READS.forEach((op, names) -> {
      if (generic.getGet() != null) {
        api.getPaths().addPathItem(GENERIC.replace("{operation}", op), new PathItem().get(named(generic.getGet(), names)));
      }
    });
    WRITES.forEach((op, names) -> {
      if (generic.getPost() != null) {
        api.getPaths().addPathItem(GENERIC.replace("{operation}", op), new PathItem().post(named(generic.getPost(), names)));
      }
    });
  }

  private static Operation named(Operation generic, String[] names) {
    List<Parameter> parameters = generic.getParameters() == null ? List.of()
        : generic.getParameters().stream().filter(p -> !"operation".equals(p.getName())).toList();
    return new Operation().operationId(names[0]).summary(names[1]).addTagsItem("Memories").parameters(parameters)
        .requestBody(generic.getRequestBody()).responses(generic.getResponses());
  }
}
