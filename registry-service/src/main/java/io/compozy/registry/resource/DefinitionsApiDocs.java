package io.compozy.registry.resource;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * The definitions API in the OpenAPI document as clients see it: one path per kind of definition
 * (the handlers serve every kind under {@code /api/v0/{kind}}), operations named for the kind
 * ({@code listWorkflows}, {@code getWorkflow}, {@code putWorkflow}, …), tagged by it, and bodies
 * typed with the kind's JSON Schema (the one {@code /schemas/_meta/{kind}} serves).
 */
@Component
class DefinitionsApiDocs implements OpenApiCustomizer {
  private static final String BASE = "/api/v0/";
  private final MetaSchemas schemas;

  DefinitionsApiDocs(MetaSchemas schemas) {
    this.schemas = schemas;
  }

  /**
   * How a kind reads in names: {@code Workflow}/{@code Workflows}, {@code KnowledgeBase}/{@code
   * KnowledgeBases}.
   */
  record Names(String one, String many) {
    /**
     * The component's name: the kind's, but where code generators take the word for something of
     * their own.
     */
    String component() {
      return one.equals("Schema") ? "SchemaDefinition" : one;
    }

    static Names of(DefinitionKind k) {
      String one =
          switch (k.path()) {
            case "memories" -> "Memory";
            default -> camel(k.path().substring(0, k.path().length() - 1));
          };
      return new Names(one, camel(k.path()));
    }

    private static String camel(String path) {
      StringBuilder out = new StringBuilder();
      for (String part : path.split("-")) {
        out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
      }
      return out.toString();
    }
  }

  @Override
  public void customise(OpenAPI api) {
    Paths paths = api.getPaths();
    if (paths == null) {
      return;
    }
    PathItem list = paths.remove(BASE + "{kind}");
    PathItem one = paths.remove(BASE + "{kind}/{id}");
    PathItem versions = paths.remove(BASE + "{kind}/{id}/versions");
    PathItem version = paths.remove(BASE + "{kind}/{id}/versions/{version}");
    PathItem export = paths.remove(BASE + "{kind}/export");
    PathItem imports = paths.remove(BASE + "{kind}/import");
    PathItem meta = paths.get(BASE + "schemas/_meta/{kind}");
    if (meta != null && meta.getGet() != null && meta.getGet().getParameters() != null) {
      // the one {kind} left: a parameter of a closed set, not a family of resources
      meta.getGet().getParameters().stream()
          .filter(p -> "kind".equals(p.getName()))
          .forEach(
              p -> {
                Schema<String> kinds = new Schema<>();
                kinds.addType("string");
                List<String> names = new ArrayList<>(List.of("project"));
                DefinitionKind.SUPPORTED.values().forEach(k -> names.add(k.path()));
                kinds.setEnum(names);
                p.setSchema(kinds);
              });
    }
    ComponentSchemas components = new ComponentSchemas(api);
    components.put(
        "Page",
        object(Map.of("limit", integer(), "next_cursor", nullableString()), List.of("limit")));
    components.put(
        "Version",
        object(
            Map.of(
                "version",
                integer(),
                "etag",
                string(),
                "updated_at",
                string(),
                "updated_by",
                nullableString()),
            List.of("version")));
    // the task kind first: it is a choice of task kinds that workflows and tasks repeat in their
    // parts (see ComponentSchemas.referenced)
    List<DefinitionKind> kinds =
        DefinitionKind.SUPPORTED.values().stream()
            .sorted(Comparator.comparing((DefinitionKind k) -> !k.path().equals("tasks")))
            .toList();
    for (DefinitionKind k : kinds) {
      Names n = Names.of(k);
      if (k.type() == Map.class) {
        // a schema definition is a JSON Schema with an id; the meta-schema is not referenced
        // (generators would fetch it)
        Schema<?> schema = object(Map.of("id", string()), List.of("id"));
        schema.setAdditionalProperties(true);
        schema.setDescription("A JSON Schema (draft 2020-12) with an id");
        components.put(n.component(), schema);
      } else {
        components.putJsonSchema(n.component(), schemas.of(k));
      }
      Schema<?> item = ref(n.component());
      Schema<?> body =
          k.itemKey() == null ? item : object(Map.of(k.itemKey(), item), List.of(k.itemKey()));
      // the answers as named components: a generated client calls them WorkflowAnswer, not
      // GetWorkflow200Response
      components.put(n.one() + "Answer", answer(body));
      components.put(
          n.one() + "PageData",
          object(
              Map.of(k.listKey(), array(item), "page", ref("Page")), List.of(k.listKey(), "page")));
      components.put(n.one() + "PageAnswer", answer(ref(n.one() + "PageData")));
      components.put(
          n.one() + "VersionsData",
          object(
              Map.of("id", string(), "versions", array(ref("Version"))),
              List.of("id", "versions")));
      components.put(n.one() + "VersionsAnswer", answer(ref(n.one() + "VersionsData")));
      Schema<?> answerOne = ref(n.one() + "Answer");
      String path = BASE + k.path();
      PathItem listItem = new PathItem();
      if (list != null && list.getGet() != null) {
        listItem.setGet(
            operation(
                list.getGet(),
                "list" + n.many(),
                n.many(),
                "The " + k.word() + "s, a page at a time",
                ref(n.one() + "PageAnswer")));
      }
      if (export != null && export.getPost() != null) {
        paths.addPathItem(
            path + "/export",
            new PathItem()
                .post(
                    operation(
                        export.getPost(),
                        "export" + n.many(),
                        n.many(),
                        "Every " + k.word() + ", as a project's files",
                        null)));
      }
      if (imports != null && imports.getPost() != null) {
        paths.addPathItem(
            path + "/import",
            new PathItem()
                .post(
                    operation(
                        imports.getPost(),
                        "import" + n.many(),
                        n.many(),
                        "Upserts the " + k.word() + "s of a project's files",
                        null)));
      }
      paths.addPathItem(path, listItem);
      PathItem oneItem = new PathItem();
      if (one != null) {
        if (one.getGet() != null) {
          Operation get =
              operation(
                  one.getGet(),
                  "get" + n.one(),
                  n.many(),
                  "One " + k.word() + ", with its ETag",
                  answerOne);
          get.getResponses().getOrDefault("200", new ApiResponse()).headers(versionHeaders(false));
          get.getResponses()
              .addApiResponse(
                  "304",
                  new ApiResponse()
                      .description("Not modified: If-None-Match names the current version"));
          oneItem.setGet(get);
        }
        if (one.getPut() != null) {
          Operation put =
              operation(
                  one.getPut(),
                  "put" + n.one(),
                  n.many(),
                  "Creates or replaces a "
                      + k.word()
                      + " (If-Match to replace only "
                      + "the version read)",
                  answerOne);
          put.setRequestBody(
              new RequestBody()
                  .required(true)
                  .content(
                      new Content()
                          .addMediaType("application/json", new MediaType().schema(item))));
          put.getResponses().get("200").headers(versionHeaders(true));
          var created = new LinkedHashMap<>(versionHeaders(true));
          created.put("Location", header("Where the new " + k.word() + " is read", string()));
          put.getResponses()
              .addApiResponse(
                  "201",
                  new ApiResponse()
                      .description("Created")
                      .content(json(answerOne))
                      .headers(created));
          oneItem.setPut(put);
        }
        if (one.getDelete() != null) {
          Operation delete =
              operation(
                  one.getDelete(),
                  "delete" + n.one(),
                  n.many(),
                  "Deletes a " + k.word() + " (409 while another definition uses it)",
                  null);
          delete.setResponses(
              new ApiResponses().addApiResponse("204", new ApiResponse().description("Deleted")));
          oneItem.setDelete(delete);
        }
      }
      paths.addPathItem(path + "/{id}", oneItem);
      if (versions != null && versions.getGet() != null) {
        paths.addPathItem(
            path + "/{id}/versions",
            new PathItem()
                .get(
                    operation(
                        versions.getGet(),
                        "list" + n.one() + "Versions",
                        n.many(),
                        "The versions a " + k.word() + " has had",
                        ref(n.one() + "VersionsAnswer"))));
      }
      if (version != null && version.getGet() != null) {
        paths.addPathItem(
            path + "/{id}/versions/{version}",
            new PathItem()
                .get(
                    operation(
                        version.getGet(),
                        "get" + n.one() + "Version",
                        n.many(),
                        "One earlier version of a " + k.word(),
                        answerOne)));
      }
    }
    typeProject(paths, components);
    typeWorkflowParts(paths, components);
    Schema<?> jsonSchema = new Schema<>();
    jsonSchema.addType("object");
    jsonSchema.setAdditionalProperties(true);
    jsonSchema.setDescription("A JSON Schema (draft 2020-12)");
    components.put("DefinitionSchemaAnswer", answer(jsonSchema));
    answers(
        paths.get(BASE + "schemas/_meta/{kind}"), PathItem::getGet, ref("DefinitionSchemaAnswer"));
  }

  /**
   * The project's answers: the project as compozy.yaml has it (the schema the registry validates it
   * with).
   */
  private void typeProject(Paths paths, ComponentSchemas components) {
    components.putJsonSchema("Project", schemas.of(DefinitionKind.PROJECT));
    components.put("ProjectAnswer", answer(ref("Project")));
    PathItem project = paths.get(BASE + "project");
    answers(project, PathItem::getGet, ref("ProjectAnswer"));
    answers(project, PathItem::getPut, ref("ProjectAnswer"));
    if (project != null && project.getPut() != null) {
      project
          .getPut()
          .setRequestBody(new RequestBody().required(true).content(json(ref("Project"))));
    }
  }

  /**
   * A workflow's parts ({@code /workflows/{id}/tasks}, …): lists of the kind's definitions, and one
   * of them.
   */
  private static void typeWorkflowParts(Paths paths, ComponentSchemas components) {
    for (DefinitionKind k :
        List.of(
            DefinitionKind.SUPPORTED.get("tasks"),
            DefinitionKind.SUPPORTED.get("agents"),
            DefinitionKind.SUPPORTED.get("tools"))) {
      Names n = Names.of(k);
      components.put(
          "Workflow" + n.many() + "Data",
          object(Map.of(k.path(), array(ref(n.component()))), List.of(k.path())));
      components.put("Workflow" + n.many() + "Answer", answer(ref("Workflow" + n.many() + "Data")));
      components.put("Workflow" + n.one() + "Answer", answer(ref(n.component())));
      answers(
          paths.get(BASE + "workflows/{workflowId}/" + k.path()),
          PathItem::getGet,
          ref("Workflow" + n.many() + "Answer"));
      answers(
          paths.get(
              BASE
                  + "workflows/{workflowId}/"
                  + k.path()
                  + "/{"
                  + n.one().toLowerCase(Locale.ROOT)
                  + "Id}"),
          PathItem::getGet,
          ref("Workflow" + n.one() + "Answer"));
    }
  }

  /** Types every 2xx JSON answer of one operation. */
  private static void answers(
      @Nullable PathItem item, Function<PathItem, @Nullable Operation> method, Schema<?> schema) {
    Operation op = item == null ? null : method.apply(item);
    if (op == null || op.getResponses() == null) {
      return;
    }
    op.getResponses()
        .forEach(
            (code, response) -> {
              if (code.startsWith("2")
                  && response.getContent() != null
                  && response.getContent().get("application/json") != null) {
                response.getContent().get("application/json").setSchema(schema);
              }
            });
  }

  /**
   * The generic operation for one kind: its parameters but {@code kind}, named and tagged for the
   * kind, answering {@code data}.
   */
  private static Operation operation(
      Operation generic, String id, String tag, String summary, @Nullable Schema<?> data) {
    List<Parameter> parameters = new ArrayList<>();
    for (Parameter p :
        generic.getParameters() == null ? List.<Parameter>of() : generic.getParameters()) {
      if (!"kind".equals(p.getName()) && !"Content-Type".equalsIgnoreCase(p.getName())) {
        parameters.add(p);
      }
    }
    Operation op =
        new Operation()
            .operationId(id)
            .summary(summary)
            .addTagsItem(tag)
            .parameters(parameters.isEmpty() ? null : parameters)
            .requestBody(generic.getRequestBody());
    ApiResponses responses = new ApiResponses();
    responses.addApiResponse(
        "200",
        data == null
            ? generic.getResponses() == null
                ? new ApiResponse().description("OK")
                : generic.getResponses().getOrDefault("200", new ApiResponse().description("OK"))
            : new ApiResponse().description("OK").content(json(data)));
    op.setResponses(responses);
    return op;
  }

  /**
   * What a definition's answer carries besides its body: its strong ETag (for If-Match and
   * If-None-Match), and after a write its version.
   */
  private static Map<String, Header> versionHeaders(boolean written) {
    Map<String, Header> h = new LinkedHashMap<>();
    h.put(
        "ETag",
        header(
            "The version's strong ETag: send it as If-Match to replace only this version, or"
                + " If-None-Match to read only a newer one",
            string()));
    if (written) {
      h.put(
          "X-Resource-Version", header("The version number, counted from 1", new IntegerSchema()));
    }
    return h;
  }

  private static Header header(String description, Schema<?> schema) {
    return new Header().description(description).schema(schema);
  }

  /** The envelope every answer has: {@code {data, message}}. */
  static Schema<?> answer(Schema<?> data) {
    return object(Map.of("data", data, "message", string()), List.of("data", "message"));
  }

  static Content json(Schema<?> schema) {
    return new Content().addMediaType("application/json", new MediaType().schema(schema));
  }

  static Schema<?> object(Map<String, Schema<?>> properties, List<String> required) {
    Schema<Object> s = new Schema<>();
    s.addType("object");
    s.setProperties(new LinkedHashMap<>(new TreeMap<>(properties)));
    s.setRequired(required);
    return s;
  }

  static Schema<?> array(Schema<?> items) {
    Schema<Object> s = new Schema<>();
    s.addType("array");
    s.setItems(items);
    return s;
  }

  static Schema<?> string() {
    Schema<Object> s = new Schema<>();
    s.addType("string");
    return s;
  }

  static Schema<?> nullableString() {
    Schema<Object> s = new Schema<>();
    s.addType("string");
    s.addType("null");
    return s;
  }

  static Schema<?> integer() {
    Schema<Object> s = new Schema<>();
    s.addType("integer");
    return s;
  }

  static Schema<?> ref(String component) {
    return new Schema<>().$ref("#/components/schemas/" + component);
  }
}
