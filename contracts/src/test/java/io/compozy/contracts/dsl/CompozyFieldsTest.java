package io.compozy.contracts.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.compozy.contracts.dsl.CompozyFields.Status;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compozy's fields (dsl/compozy-fields.yaml): what the catalogue says is honoured is bound by our
 * definitions, what it ignores loads with one warning at its file and line, what it refuses is an
 * error, and a misspelt field is refused with the nearest known name.
 */
class CompozyFieldsTest {
  private static final Map<String, List<Class<?>>> RECORDS =
      Map.ofEntries(
          Map.entry("project", List.of(ProjectDef.class)),
          Map.entry("runtime", List.of(RuntimeDef.class)),
          Map.entry("autoload", List.of(ProjectDef.Autoload.class)),
          Map.entry("config", List.of(TaskConfig.class)),
          Map.entry("model", List.of(ModelDef.class)),
          Map.entry("workflow", List.of(WorkflowDef.class)),
          Map.entry("workflow_config", List.of(WorkflowDef.WorkflowConfig.class)),
          Map.entry("task", List.of(TaskDef.class.getPermittedSubclasses())),
          Map.entry("task_config", List.of(TaskConfig.class)),
          Map.entry("agent", List.of(AgentDef.class)),
          Map.entry("action", List.of(AgentDef.ActionDef.class)),
          Map.entry("tool", List.of(ToolDef.class)),
          Map.entry("memory", List.of(MemoryDef.class)),
          Map.entry("mcp", List.of(McpDef.class)),
          Map.entry("privacy_policy", List.of(MemoryDef.PrivacyPolicy.class)),
          Map.entry("attachment", List.of(Attachment.class)),
          Map.entry("flushing", List.of(MemoryFlushing.class)),
          Map.entry("embedder", List.of(EmbedderDef.class)),
          Map.entry("embedder_config", List.of(EmbedderDef.Config.class)),
          Map.entry("vector_db", List.of(VectorDbDef.class)),
          Map.entry("knowledge_base", List.of(KnowledgeBaseDef.class)),
          Map.entry("knowledge_source", List.of(KnowledgeBaseDef.Source.class)),
          Map.entry("chunking", List.of(KnowledgeBaseDef.Chunking.class)),
          Map.entry("retrieval", List.of(KnowledgeBaseDef.Retrieval.class)),
          Map.entry("knowledge_binding", List.of(KnowledgeBinding.class)),
          Map.entry("task/router", List.of(RouterTask.class)),
          Map.entry("task/parallel", List.of(ParallelTask.class)),
          Map.entry("task/collection", List.of(CollectionTask.class)),
          Map.entry("task/composite", List.of(CompositeTask.class)),
          Map.entry("task/wait", List.of(WaitTask.class)),
          Map.entry("task/signal", List.of(SignalTask.class)),
          Map.entry("task/memory", List.of(MemoryTask.class)),
          Map.entry("task/aggregate", List.of(AggregateTask.class)));

  private static Set<String> properties(List<Class<?>> types) {
    Set<String> names = new HashSet<>();
    for (Class<?> type : types) {
      for (RecordComponent c : type.getRecordComponents()) {
        var renamed = c.getAccessor().getAnnotation(JsonProperty.class);
        var onField = c.getAnnotation(JsonProperty.class);
        String name =
            onField != null && !onField.value().isEmpty()
                ? onField.value()
                : renamed != null && !renamed.value().isEmpty()
                    ? renamed.value()
                    : c.getName().replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
        names.add(name);
      }
    }
    return names;
  }

  /**
   * README's list of every field, made from the catalogue: the README must hold it as it is now.
   */
  static String fieldList() {
    StringBuilder out =
        new StringBuilder(
            "<!-- compozy-fields: made from compozy-fields.yaml by CompozyFieldsTest -->\n");
    CompozyFields.CATALOGUE.forEach(
        (shape, fields) -> {
          Map<String, List<String>> by = new LinkedHashMap<>();
          fields.forEach(
              (field, status) -> {
                String kind =
                    switch (status) {
                      case Status.Honoured h -> "honoured";
                      case Status.Documentation d -> "documentation";
                      case Status.Ignored i -> "ignored";
                      case Status.Refused r -> "refused";
                      case Status.Alias a -> "read as";
                    };
                String why =
                    switch (status) {
                      case Status.Ignored i -> " (" + i.why() + ")";
                      case Status.Refused r -> " (" + r.why() + ")";
                      case Status.Alias a -> " (for `" + a.field() + "`)";
                      default -> "";
                    };
                by.computeIfAbsent(kind, k -> new ArrayList<>()).add("`" + field + "`" + why);
              });
          out.append("- **").append(shape.replace("/", " of type ")).append("**");
          by.forEach(
              (kind, list) ->
                  out.append(" — ").append(kind).append(": ").append(String.join(", ", list)));
          out.append("\n");
        });
    return out.append("<!-- compozy-fields: end -->").toString();
  }

  @Test
  void theLanguageReferenceListsEveryFieldWithItsStatus() throws Exception {
    String readme = Files.readString(Path.of("../docs/language.md"));
    int start = readme.indexOf("<!-- compozy-fields:");
    int end = readme.indexOf("<!-- compozy-fields: end -->");
    String expected = fieldList();
    String actual =
        start < 0 || end < 0
            ? ""
            : readme.substring(start, end + "<!-- compozy-fields: end -->".length());
    if (!actual.equals(expected)) {
      Path made = Path.of("target/compozy-fields.md");
      Files.writeString(made, expected);
      throw new AssertionError(
          "docs/language.md's field list is not the catalogue's: paste "
              + made.toAbsolutePath()
              + " over it");
    }
  }

  @Test
  void everyHonouredFieldIsBoundByTheDefinitionsAndEveryShapeIsReachable() {
    Set<String> missing = new TreeSet<>();
    Set<String> reachable =
        new HashSet<>(
            List.of("project", "workflow", "task", "agent", "tool", "memory", "mcp", "model"));
    TaskDef.TYPES.stream()
        .filter(t -> !t.equals("basic"))
        .forEach(t -> reachable.add("task/" + t)); // chosen by a task's type
    CompozyFields.CATALOGUE.forEach(
        (shape, fields) -> {
          assertThat(RECORDS).as("shape " + shape + " has a record").containsKey(shape);
          Set<String> bound = properties(RECORDS.get(shape));
          if (shape.startsWith("task/")) {
            bound.addAll(
                properties(
                    RECORDS.get("task"))); // the fields of every task type, overridden per type
          }
          fields.forEach(
              (field, status) -> {
                if (status instanceof Status.Honoured h) {
                  if (!bound.contains(field)) {
                    missing.add(shape + "." + field);
                  }
                  if (h.shape() != null && !h.shape().equals("schema_ref")) {
                    reachable.add(h.shape());
                  }
                }
              });
        });
    assertThat(missing).as("honoured in the catalogue, unknown to the definitions").isEmpty();
    assertThat(reachable).containsAll(CompozyFields.CATALOGUE.keySet());
  }

  @Test
  void ignoredFieldsLoadWithOneWarningAtTheirLineRefusedOnesAreErrors(@TempDir Path dir)
      throws Exception {
    StringBuilder project = new StringBuilder("name: p\nworkflows:\n  - source: w.yaml\n");
    List<String> expected = new ArrayList<>();
    int line = 4;
    for (var e : CompozyFields.CATALOGUE.get("project").entrySet()) {
      if (e.getValue() instanceof Status.Ignored) {
        project.append(e.getKey()).append(": {}\n");
        expected.add(
            "compozy.yaml:"
                + line++
                + ":1 "
                + e.getKey()
                + ": '"
                + e.getKey()
                + "' has no effect here");
      }
    }
    project.append("runtime:\n  type: node\n  permissions: [--allow-read]\n  native_tools: {}\n");
    expected.add(
        "compozy.yaml:"
            + (line + 3)
            + ":3 runtime.native_tools: 'native_tools' has no effect here");
    Files.writeString(dir.resolve("compozy.yaml"), project.toString());
    Files.writeString(
        dir.resolve("w.yaml"),
        """
        id: w
        name: Documented only
        author: {name: someone}
        tasks:
          - id: t
            type: memory
            operation: read
            memory_ref: m
            description: documentation only
            batch_size: 10
        """
            .replace("memory_ref: m", "memory_ref: m\n    key_template: k"));
    assertThatThrownBy(() -> ProjectLoader.load(dir))
        .hasMessageContaining("no memory 'm' in the project");
    Files.writeString(
        dir.resolve("compozy.yaml"),
        project + "memories:\n  - {id: m, type: buffer, token_provider: {provider: openai}}\n");
    LoadedProject loaded = ProjectLoader.load(dir);
    for (String e : expected) {
      assertThat(loaded.warnings()).anySatisfy(w -> assertThat(w).startsWith(e));
    }
    assertThat(loaded.warnings())
        .anySatisfy(
            w ->
                assertThat(w)
                    .startsWith(
                        "w.yaml:11:5 tasks[0].batch_size: 'batch_size' has no effect here"));
    assertThat(loaded.warnings())
        .anySatisfy(
            w ->
                assertThat(w)
                    .contains("memories[0].token_provider: 'token_provider' has no effect here"));
    assertThat(loaded.warnings())
        .noneMatch(w -> w.contains("description") || w.contains("author") || w.contains("name"));

    Files.writeString(
        dir.resolve("compozy.yaml"),
        "name: p\nworkflows:\n  - source: w.yaml\nembedders:\n  - id: e\n");
    assertThatThrownBy(() -> ProjectLoader.load(dir))
        .isInstanceOfSatisfying(
            ProjectLoadException.class,
            e ->
                assertThat(e.problems())
                    .contains(
                        "compozy.yaml:5:5 embedders[0].provider: give the embedder's provider:"
                            + " local (offline) or a model provider such as openai",
                        "compozy.yaml:5:5 embedders[0].model: give the embedder's model, e.g."
                            + " all-minilm-l6-v2 for the local provider"));
  }

  @Test
  void aMisspeltFieldIsRefusedWithTheNearestKnownName(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("compozy.yaml"), "name: p\nworkflows:\n  - source: w.yaml\n");
    Files.writeString(
        dir.resolve("w.yaml"),
        "id: w\ntasks:\n  - id: t\n    tool: cp__fetch\n    wiht: {url: x}\n");
    assertThatThrownBy(() -> ProjectLoader.load(dir))
        .hasMessageContaining(
            "w.yaml:5:5 tasks[0].wiht: unknown field 'wiht' (did you mean 'with'?)");
  }

  @Test
  void compozysOtherSpellingsLoad(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("compozy.yaml"),
        """
        name: p
        author: {name: Ada, url: https://example.com}
        workflows:
          - source: w.yaml
        autoload:
          enabled: true
          strict: true
          include: ["resources/*.yaml"]
        memories:
          - {id: chat, type: buffer}
        """);
    Files.createDirectories(dir.resolve("resources"));
    Files.writeString(
        dir.resolve("resources/helper.yaml"),
        """
        resource: agent
        id: helper
        name: Helper
        version: 1.0.0
        instructions: help
        memory: [chat]
        actions:
          - id: go
            name: Go
            description: does it
            prompt: go
        """);
    Files.writeString(
        dir.resolve("resources/extra.yaml"),
        """
        resource: workflow
        id: extra
        tasks:
          - id: t
            agent: helper
            action: go
        """);
    Files.writeString(
        dir.resolve("w.yaml"),
        """
        id: w
        schemas:
          - {id: city_input, type: object, properties: {city: {type: string}}}
        tools:
          - id: weather
            input: city_input
        tasks:
          - id: t
            agent: helper
            action: go
          - id: u
            tool: weather
            with: {city: Paris}
        """);
    LoadedProject loaded = ProjectLoader.load(dir);
    ToolDef weather =
        loaded.workflows().stream()
            .filter(w -> w.id().equals("w"))
            .findFirst()
            .orElseThrow()
            .toolsOrEmpty()
            .getFirst();
    assertThat(weather.input()).isEqualTo(Map.of("$ref", "city_input"));
    assertThat(
            weather
                .withSchemas(
                    id ->
                        id.equals("city_input")
                            ? Optional.of(Map.of("type", "object"))
                            : Optional.empty())
                .input())
        .isEqualTo(Map.of("type", "object"));
    assertThat(loaded.workflows())
        .extracting(WorkflowDef::id)
        .containsExactlyInAnyOrder("w", "extra");
    assertThat(loaded.agents().getFirst().memory())
        .containsExactly(new AgentDef.MemoryRef("chat", null, null));
    assertThat(loaded.agents().getFirst().actions().getFirst().id()).isEqualTo("go");
    assertThat(loaded.project().author())
        .isEqualTo(Map.of("name", "Ada", "url", "https://example.com"));
    assertThat(loaded.warnings())
        .containsExactly(
            "compozy.yaml:7:3 autoload.strict: 'strict' has no effect here: autoload is always"
                + " strict here (a file that does not load is an error)");
    Files.writeString(
        dir.resolve("w.yaml"),
        Files.readString(dir.resolve("w.yaml")).replace("input: city_input", "input: town_input"));
    assertThatThrownBy(() -> ProjectLoader.load(dir))
        .hasMessageContaining(
            "w.yaml:6:5 tools[0].input: no schema 'town_input' in the project or the workflow");
  }
}
