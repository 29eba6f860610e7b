package io.compozy.gateway.docs;

import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Merges OpenAPI documents into one (pure; no I/O): paths and components are united, each
 * operation requires the bearer key unless it is one of the public paths, and services' own
 * {@code servers} are dropped since everything is reached through the gateway.
 */
final class OpenApiMerger {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private OpenApiMerger() {}

  /**
   * @param documents each service's document by service name (null if it could not be read)
   * @param publicPrefixes paths that need no key
   */
  static ObjectNode merge(Map<String, JsonNode> documents, List<String> unavailable, Set<String> publicPrefixes) {
    ObjectNode root = NODES.objectNode();
    root.put("openapi", "3.1.0");
    ObjectNode info = root.putObject("info");
    info.put("title", "Compozy API");
    info.put("version", "v0");
    info.put("description", "Workflows, agents, tasks and tools, run through one gateway. Send `Authorization: Bearer <api key>`.");
    root.putArray("servers").addObject().put("url", "/");
    root.putArray("security").addObject().putArray("bearer");
    ObjectNode paths = root.putObject("paths");
    ObjectNode components = root.putObject("components");
    ObjectNode schemes = components.putObject("securitySchemes");
    ObjectNode bearer = schemes.putObject("bearer");
    bearer.put("type", "http");
    bearer.put("scheme", "bearer");
    bearer.put("bearerFormat", "cpzy_<43 base64url characters>");
    ArrayNode tags = NODES.arrayNode();
    Set<String> tagNames = new java.util.HashSet<>();
    Set<String> operationIds = new java.util.HashSet<>();

    documents.forEach((service, doc) -> {
      doc.path("paths").properties().forEach(p -> {
        ObjectNode target = paths.has(p.getKey()) ? (ObjectNode) paths.get(p.getKey()) : paths.putObject(p.getKey());
        p.getValue().properties().forEach(op -> {
          JsonNode operation = op.getValue().deepCopy();
          if (operation instanceof ObjectNode o) {
            if (isPublic(p.getKey(), publicPrefixes)) {
              o.putArray("security");
            }
            uniqueOperationId(o, service, operationIds);
          }
          target.set(op.getKey(), operation);
        });
      });
      doc.path("components").properties().forEach(section -> {
        if (section.getKey().equals("securitySchemes")) {
          return;
        }
        ObjectNode into = components.has(section.getKey()) ? (ObjectNode) components.get(section.getKey()) : components.putObject(section.getKey());
        section.getValue().properties().forEach(c -> {
          if (!into.has(c.getKey())) {
            into.set(c.getKey(), c.getValue().deepCopy());
          }
        });
      });
      doc.path("tags").forEach(t -> {
        if (tagNames.add(t.path("name").asString(""))) {
          tags.add(t.deepCopy());
        }
      });
    });
    if (!tags.isEmpty()) {
      root.set("tags", tags);
    }
    if (!unavailable.isEmpty()) {
      ArrayNode missing = root.putArray("x-compozy-unavailable");
      unavailable.forEach(missing::add);
    }
    return root;
  }

  /** Services name their operations alone ("list", "get"): one document needs them unique. */
  private static void uniqueOperationId(ObjectNode operation, String service, Set<String> taken) {
    String id = operation.path("operationId").asString("");
    if (id.isEmpty()) {
      return;
    }
    String unique = taken.contains(id) ? service + "_" + id : id;
    for (int n = 2; taken.contains(unique); n++) {
      unique = service + "_" + id + "_" + n;
    }
    taken.add(unique);
    operation.put("operationId", unique);
  }

  private static boolean isPublic(String path, Set<String> publicPrefixes) {
    return publicPrefixes.stream().anyMatch(path::startsWith);
  }
}
