package io.compozy.gateway.docs;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Merges OpenAPI documents into one (pure; no I/O): paths and components are united, each operation
 * requires the bearer key unless it is one of the public paths, and services' own {@code servers}
 * are dropped since everything is reached through the gateway.
 */
final class OpenApiMerger {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private OpenApiMerger() {}

  /**
   * @param documents each service's document by service name (null if it could not be read)
   * @param publicPrefixes paths that need no key (one ending in {@code /}: every path under it)
   */
  static ObjectNode merge(
      Map<String, JsonNode> documents, List<String> unavailable, Set<String> publicPrefixes) {
    return merge(documents, unavailable, publicPrefixes, (method, path) -> null);
  }

  /**
   * @param roles the role each operation needs ({@code read}, {@code write}, {@code admin}; null:
   *     none), by method and path template
   */
  static ObjectNode merge(
      Map<String, JsonNode> documents,
      List<String> unavailable,
      Set<String> publicPrefixes,
      BiFunction<String, String, @Nullable String> roles) {
    ObjectNode root = NODES.objectNode();
    root.put("openapi", "3.1.0");
    ObjectNode info = root.putObject("info");
    info.put("title", "Compozy API");
    info.put("version", "v0");
    info.put(
        "description",
        "Workflows, agents, tasks and tools, run through one gateway. Send `Authorization: Bearer"
            + " <api key>`.");
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
    Set<String> tagNames = new HashSet<>();
    Set<String> operationIds = new HashSet<>();

    Map<String, String> owners = new HashMap<>();
    List<String> conflicts = new ArrayList<>();
    documents.forEach(
        (service, doc) -> {
          doc.path("paths")
              .properties()
              .forEach(
                  p -> {
                    ObjectNode target =
                        paths.has(p.getKey())
                            ? (ObjectNode) paths.get(p.getKey())
                            : paths.putObject(p.getKey());
                    p.getValue()
                        .properties()
                        .forEach(
                            op -> {
                              JsonNode operation = op.getValue().deepCopy();
                              if (operation instanceof ObjectNode o) {
                                boolean open = isPublic(p.getKey(), publicPrefixes);
                                if (open) {
                                  o.putArray("security");
                                }
                                uniqueOperationId(o, service, operationIds);
                                String role = open ? null : roles.apply(op.getKey(), p.getKey());
                                if (role != null) {
                                  o.put("x-required-role", role);
                                  o.put(
                                      "description",
                                      (o.path("description").asString("").isBlank()
                                              ? ""
                                              : o.path("description").asString() + "\n\n")
                                          + "Needs a key with role `"
                                          + role
                                          + "`"
                                          + (role.equals("admin") ? "." : " or above."));
                                }
                                problems(o, op.getKey(), open);
                              }
                              target.set(op.getKey(), operation);
                            });
                  });
          doc.path("components")
              .properties()
              .forEach(
                  section -> {
                    if (section.getKey().equals("securitySchemes")) {
                      return;
                    }
                    ObjectNode into =
                        components.has(section.getKey())
                            ? (ObjectNode) components.get(section.getKey())
                            : components.putObject(section.getKey());
                    section
                        .getValue()
                        .properties()
                        .forEach(
                            c -> {
                              if (!into.has(c.getKey())) {
                                into.set(c.getKey(), c.getValue().deepCopy());
                                owners.put(section.getKey() + "/" + c.getKey(), service);
                              } else if (!into.get(c.getKey()).equals(c.getValue())) {
                                // two services name different things alike: one of them would be
                                // described wrongly
                                conflicts.add(
                                    section.getKey()
                                        + "/"
                                        + c.getKey()
                                        + " ("
                                        + owners.get(section.getKey() + "/" + c.getKey())
                                        + ", "
                                        + service
                                        + ")");
                              }
                            });
                  });
          doc.path("tags")
              .forEach(
                  t -> {
                    if (tagNames.add(t.path("name").asString(""))) {
                      tags.add(t.deepCopy());
                    }
                  });
        });
    if (!tags.isEmpty()) {
      root.set("tags", tags);
    }
    withoutEmptyDefaults(root, 0);
    // in path order: the services list theirs in no fixed order, and a document that reorders
    // itself between builds makes every diff of api/openapi.json noise
    ObjectNode sorted = NODES.objectNode();
    new TreeMap<>(
            paths.properties().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)))
        .forEach(sorted::set);
    root.set("paths", sorted);
    child(components, "schemas").set("Problem", problemSchema());
    ObjectNode retryAfter = child(components, "headers").putObject("RetryAfter");
    retryAfter.put("description", "Seconds to wait before trying again");
    retryAfter.putObject("schema").put("type", "integer");
    child(components, "schemas").set("ProblemError", problemErrorSchema());
    withoutUnusedSchemas(root);
    if (!conflicts.isEmpty()) {
      ArrayNode named = root.putArray("x-compozy-component-conflicts");
      conflicts.forEach(named::add);
    }
    if (!unavailable.isEmpty()) {
      ArrayNode missing = root.putArray("x-compozy-unavailable");
      unavailable.forEach(missing::add);
    }
    return root;
  }

  /**
   * Drops {@code "default": null}: springdoc writes it for a schema named by {@code @Schema} in
   * OpenAPI 3.1 mode, and generators take it for a default to honour (the Java generator stops on
   * it). A null default says nothing a missing one does not. Likewise {@code "default": ""}, which
   * springdoc writes for a parameter described with {@code @Parameter} (an integer's default would
   * be the empty string).
   */
  private static void withoutEmptyDefaults(JsonNode node, int depth) {
    if (depth > 128) {
      return;
    }
    if (node instanceof ObjectNode o) {
      if (o.has("default")
          && (o.get("default").isNull()
              || o.get("default").isString() && o.get("default").asString().isEmpty())) {
        o.remove("default");
      }
      o.properties().forEach(e -> withoutEmptyDefaults(e.getValue(), depth + 1));
    } else if (node instanceof ArrayNode a) {
      a.forEach(v -> withoutEmptyDefaults(v, depth + 1));
    }
  }

  private static final String SCHEMA_REF = "#/components/schemas/";

  /**
   * Drops the component schemas no operation reaches: a service's customizer may retype an answer
   * (one path per memory operation, each with its own schema), leaving the generic schema springdoc
   * made for the handler behind, and generators make a class of every component.
   */
  static void withoutUnusedSchemas(ObjectNode root) {
    if (!(root.path("components").path("schemas") instanceof ObjectNode schemas)) {
      return;
    }
    Set<String> used = new HashSet<>();
    ArrayDeque<JsonNode> toVisit = new ArrayDeque<>();
    toVisit.add(root.path("paths"));
    root.path("components")
        .properties()
        .forEach(
            section -> {
              if (!section.getKey().equals("schemas")) {
                toVisit.add(section.getValue());
              }
            });
    while (!toVisit.isEmpty()) {
      references(
          toVisit.pop(),
          0,
          name -> {
            if (used.add(name) && schemas.has(name)) {
              toVisit.add(schemas.get(name));
            }
          });
    }
    List<String> unused = schemas.propertyNames().stream().filter(n -> !used.contains(n)).toList();
    unused.forEach(schemas::remove);
  }

  /** Every schema a node names, by {@code $ref} or in a discriminator's mapping. */
  private static void references(JsonNode node, int depth, Consumer<String> named) {
    if (depth > 128) {
      return;
    }
    if (node.isString() && node.asString().startsWith(SCHEMA_REF)) {
      named.accept(node.asString().substring(SCHEMA_REF.length()));
    } else if (node instanceof ObjectNode o) {
      o.properties().forEach(e -> references(e.getValue(), depth + 1, named));
    } else if (node instanceof ArrayNode a) {
      a.forEach(v -> references(v, depth + 1, named));
    }
  }

  /** The refusals every operation can answer, as {@code application/problem+json}. */
  private static void problems(ObjectNode operation, String method, boolean open) {
    ObjectNode responses = child(operation, "responses");
    Map<String, String> codes = new LinkedHashMap<>();
    codes.put("400", "The request is malformed (a parameter, the JSON)");
    if (!open) {
      codes.put("401", "No key, or a key that is unknown, expired or revoked");
      codes.put("403", "The key's role does not allow this");
    }
    codes.put("404", "Not found");
    if (!method.equals("get") && !method.equals("delete")) {
      codes.put("422", "The body is not valid: `errors` names each field with a JSON pointer");
    }
    if (method.equals("put") || method.equals("delete") || method.equals("patch")) {
      codes.put("409", "In conflict with the current state (in use, already ended, …)");
    }
    if (method.equals("put")) {
      codes.put("412", "If-Match names another version than the current one");
    }
    codes.put("429", "Over the key's rate limit: wait Retry-After seconds");
    codes.put("503", "A dependency is down: retry after Retry-After seconds");
    codes.forEach(
        (code, description) -> {
          if (!responses.has(code)) {
            ObjectNode r = responses.putObject(code);
            r.put("description", description);
            r.putObject("content")
                .putObject("application/problem+json")
                .putObject("schema")
                .put("$ref", "#/components/schemas/Problem");
          }
        });
    for (String code : List.of("429", "503")) {
      if (responses.get(code) instanceof ObjectNode r && !r.has("headers")) {
        r.putObject("headers")
            .putObject("Retry-After")
            .put("$ref", "#/components/headers/RetryAfter");
      }
    }
  }

  private static ObjectNode child(ObjectNode parent, String name) {
    return parent.get(name) instanceof ObjectNode o ? o : parent.putObject(name);
  }

  /** RFC 9457 problem details as the platform writes them. */
  private static ObjectNode problemSchema() {
    ObjectNode s = NODES.objectNode();
    s.put("type", "object");
    s.put(
        "description",
        "An RFC 9457 problem: what went wrong, and for invalid input each field with a JSON"
            + " pointer");
    ObjectNode props = s.putObject("properties");
    props.putObject("type").put("type", "string");
    props.putObject("title").put("type", "string");
    props.putObject("status").put("type", "integer");
    props.putObject("detail").put("type", "string");
    props.putObject("instance").put("type", "string");
    props
        .putObject("code")
        .put("type", "string")
        .put(
            "description",
            "A stable, machine-readable name of the problem (invalid_input, not_found, …)");
    props.putObject("request_id").put("type", "string");
    props
        .putObject("retry_after")
        .put("type", "integer")
        .put("description", "Seconds to wait (429, 503)");
    ObjectNode error = props.putObject("errors");
    error.put("type", "array");
    error.putObject("items").put("$ref", "#/components/schemas/ProblemError");
    s.putArray("required").add("type").add("title").add("status");
    return s;
  }

  /** One field of an invalid input: where (a JSON pointer) and what is wrong. */
  private static ObjectNode problemErrorSchema() {
    ObjectNode item = NODES.objectNode();
    item.put("type", "object");
    ObjectNode itemProps = item.putObject("properties");
    itemProps
        .putObject("pointer")
        .put("type", "string")
        .put("description", "A JSON pointer to the field");
    itemProps.putObject("message").put("type", "string");
    item.putArray("required").add("pointer").add("message");
    return item;
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

  private static boolean isPublic(String path, Set<String> publicPaths) {
    return publicPaths.stream()
        .anyMatch(p -> p.endsWith("/") ? path.startsWith(p) : path.equals(p));
  }
}
