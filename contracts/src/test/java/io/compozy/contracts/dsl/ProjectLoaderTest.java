package io.compozy.contracts.dsl;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import io.compozy.contracts.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectLoaderTest {
  @Test
  void loadsTheHelloExample() {
    LoadedProject p = ProjectLoader.load(Path.of("../examples/hello"));
    assertThat(p.project().name()).isEqualTo("hello");
    assertThat(p.project().runtime().entrypoint()).isEqualTo("./tools.js");
    WorkflowDef wf = p.workflows().getFirst();
    assertThat(wf.id()).isEqualTo("my-workflow");
    assertThat(wf.tasks())
        .extracting(TaskDef::id)
        .containsExactly("shout", "size", "loud", "quiet", "done");
    assertThat(wf.tasks().get(0)).isInstanceOf(BasicTask.class);
    assertThat(wf.tasks().get(1))
        .isInstanceOfSatisfying(
            RouterTask.class, r -> assertThat(r.routes()).containsEntry("long", "loud"));
    assertThat(wf.tasks().get(4).endsWorkflow()).isTrue();
    assertThat(wf.inputSchema(id -> Optional.empty()))
        .get()
        .asInstanceOf(InstanceOfAssertFactories.MAP)
        .containsKey("required");
  }

  @Test
  void reportsTheFileAndLineOfABadWorkflow(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("compozy.yaml"),
        "name: x\nworkflows:\n  - source: ./wf.yaml\n  - source: ./missing.yaml\n");
    Files.writeString(dir.resolve("wf.yaml"), "id: wf\ntasks:\n  - id: a\n    type: teleport\n");
    assertThatThrownBy(() -> ProjectLoader.load(dir))
        .isInstanceOfSatisfying(
            ProjectLoadException.class,
            e -> {
              assertThat(e.problems()).hasSize(2);
              assertThat(e.problems().get(0)).startsWith("wf.yaml:").contains("teleport");
              assertThat(e.problems().get(1)).isEqualTo("missing.yaml: file not found");
            });
  }

  @Test
  void anUnknownStrategyIsNamedWithItsPlace(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("compozy.yaml"), "name: x\nworkflows:\n  - source: ./wf.yaml\n");
    Files.writeString(
        dir.resolve("wf.yaml"),
        "id: wf\ntasks:\n  - id: p\n    type: parallel\n    strategy: sometimes\n"
            + "    tasks:\n      - { id: a, tool: t }\n");
    assertThatThrownBy(() -> ProjectLoader.load(dir))
        .isInstanceOfSatisfying(
            ProjectLoadException.class,
            e ->
                assertThat(e.problems())
                    .singleElement(as(STRING))
                    .startsWith("wf.yaml:5:")
                    .contains("strategy")
                    .contains("sometimes")
                    .contains("wait_all", "fail_fast", "best_effort", "race"));
  }

  @Test
  void anUnknownMcpTransportIsRefusedAtLoadAndHttpNamesStreamableHttp(@TempDir Path dir)
      throws Exception {
    Files.writeString(
        dir.resolve("compozy.yaml"),
        "name: x\nmcps:\n  - {id: odd, transport: pigeon, url: 'http://x'}\n");
    assertThatThrownBy(() -> ProjectLoader.load(dir))
        .isInstanceOfSatisfying(
            ProjectLoadException.class,
            e ->
                assertThat(e.problems())
                    .singleElement(as(STRING))
                    .startsWith("compozy.yaml:3:")
                    .contains("transport", "pigeon", "stdio, sse, streamable-http"));
    Files.writeString(
        dir.resolve("compozy.yaml"),
        "name: x\nmcps:\n  - {id: web, transport: http, url: 'http://x'}\n");
    Object web = ProjectLoader.load(dir).project().mcps().getFirst();
    assertThat(Json.MAPPER.convertValue(web, McpDef.class).transportOrDefault())
        .isEqualTo(McpTransport.STREAMABLE_HTTP);
  }

  @Test
  void aCollectionRunsInTheModeItNames(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("compozy.yaml"), "name: x\nworkflows:\n  - source: ./wf.yaml\n");
    Files.writeString(
        dir.resolve("wf.yaml"),
        "id: wf\n"
            + "tasks:\n"
            + "  - id: c\n"
            + "    type: collection\n"
            + "    items: '[1]'\n"
            + "    mode: sequential\n"
            + "    strategy: best_effort\n"
            + "    task: { id: a, type: aggregate, outputs: { x: 1 } }\n");
    CollectionTask c =
        (CollectionTask) ProjectLoader.load(dir).workflows().getFirst().tasks().getFirst();
    assertThat(c.mode()).isEqualTo(CollectionMode.SEQUENTIAL);
    assertThat(c.strategy()).isEqualTo(ChildStrategy.BEST_EFFORT);
  }

  @Test
  void autoloadReadsTheAgentsOfSupportTriage() {
    LoadedProject p = ProjectLoader.load(Path.of("../examples/support-triage"));
    assertThat(p.agents())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.id()).isEqualTo("classifier");
              assertThat(a.model()).isEqualTo("triage-model");
              assertThat(a.action("classify"))
                  .hasValueSatisfying(
                      action -> assertThat(action.output()).containsKey("required"));
              assertThat(a.toolsOrEmpty()).hasSize(1);
            });
    assertThat(ModelRefs.resolve(null, p.project().modelsOrEmpty()))
        .hasValueSatisfying(
            m -> {
              assertThat(m.provider()).isEqualTo("mock");
              assertThat(m.model()).isEqualTo("scripted");
            });
  }

  @Test
  void autoloadedFilesMustSayWhatTheyAre(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("compozy.yaml"),
        "name: x\n"
            + "autoload:\n"
            + "  enabled: true\n"
            + "  include: [\"res/*.yaml\"]\n"
            + "  exclude: [\"res/skip*\"]\n");
    Files.createDirectories(dir.resolve("res"));
    Files.writeString(dir.resolve("res/a.yaml"), "id: a\ninstructions: hi\n");
    Files.writeString(dir.resolve("res/b.yaml"), "resource: spaceship\nid: b\n");
    Files.writeString(dir.resolve("res/skip-me.yaml"), "not: [valid");
    Files.writeString(dir.resolve("res/c.yaml"), "resource: agent\nid: c\n");
    assertThatThrownBy(() -> ProjectLoader.load(dir))
        .isInstanceOfSatisfying(
            ProjectLoadException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "res/a.yaml: an autoloaded file names its kind in `resource:` (agent, tool,"
                            + " model, memory, mcp, schema, task, workflow)",
                        "res/b.yaml: resource 'spaceship' cannot be autoloaded (agent, tool, model,"
                            + " memory, mcp, schema, task, workflow)"));
  }

  @Test
  void modelReferencesResolveAsTheLanguageSays() {
    var models =
        List.of(
            new ModelDef("fast", "groq", "llama", "{{ .env.K }}", null, null, null, null, null),
            new ModelDef("main", "openai", "gpt-4o", null, null, true, null, null, null));
    assertThat(ModelRefs.resolve(null, models))
        .hasValueSatisfying(m -> assertThat(m.id()).isEqualTo("main"));
    assertThat(ModelRefs.resolve("fast", models))
        .hasValueSatisfying(m -> assertThat(m.model()).isEqualTo("llama"));
    assertThat(ModelRefs.resolve("groq:llama", models))
        .hasValueSatisfying(m -> assertThat(m.apiKey()).isEqualTo("{{ .env.K }}"));
    assertThat(ModelRefs.resolve("anthropic:claude", models))
        .hasValueSatisfying(m -> assertThat(m.provider()).isEqualTo("anthropic"));
    assertThat(ModelRefs.resolve("unknown", models)).isEmpty();
    assertThat(ModelRefs.resolve(Map.of("provider", "mock", "model", "echo"), models))
        .hasValueSatisfying(m -> assertThat(m.model()).isEqualTo("echo"));
    assertThat(ModelRefs.resolve(null, List.of())).isEmpty();
  }

  @Test
  void definitionsWrittenOutReadBackStrictly() {
    ToolDef tool =
        new ToolDef(
            "t",
            "d",
            Map.of("type", "object"),
            null,
            null,
            null,
            null,
            null,
            "http",
            "GET",
            "http://x",
            null,
            null);
    String json = Json.write(tool);
    assertThat(json).doesNotContain("\"builtin\"").doesNotContain("\"http\":");
    assertThat(Json.STRICT_JSON.readValue(json, ToolDef.class)).isEqualTo(tool);
  }

  /**
   * Every example project: each definition written out (JSON and YAML) reads back strictly to the
   * same definition.
   */
  @Test
  void everyExampleRoundTrips() throws Exception {
    List<Path> examples;
    try (var dirs = Files.list(Path.of("../examples"))) {
      examples =
          dirs.filter(d -> Files.isRegularFile(d.resolve(ProjectLoader.PROJECT_FILE)))
              .sorted()
              .toList();
    }
    assertThat(examples)
        .extracting(d -> d.getFileName().toString())
        .contains("hello", "support-triage");
    for (Path dir : examples) {
      LoadedProject p = ProjectLoader.load(dir);
      List<Object> definitions = new ArrayList<>();
      definitions.add(p.written());
      definitions.addAll(p.workflows());
      definitions.addAll(p.agents());
      definitions.addAll(p.tasks());
      definitions.addAll(p.tools());
      definitions.addAll(p.models());
      for (Object definition : definitions) {
        String json = Json.writeDefinition(definition);
        assertThat(Json.STRICT_JSON.readValue(json, definition.getClass()))
            .as(dir + " " + json)
            .isEqualTo(definition);
        String yaml = Json.YAML.writeValueAsString(Json.plain(json));
        assertThat(Json.STRICT_YAML.readValue(yaml, definition.getClass()))
            .as(dir + " " + yaml)
            .isEqualTo(definition);
      }
    }
  }
}
