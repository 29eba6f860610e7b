package io.compozy.contracts.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.compozy.contracts.json.Json;
import io.compozy.contracts.schema.Violation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every rule a project is checked against, with the exact text a user sees, all at once, at file
 * and line.
 */
class ProjectValidationTest {
  private static final String PROJECT =
      """
      name: broken
      workflows:
        - source: ./workflows/flow.yaml
      models:
        - id: main
          provider: mock
          model: echo
      schemas:
        - id: user_input
          type: object
      memories:
        - id: chat
          type: message_count_based
          max_messages: 10
      autoload:
        enabled: true
        include: ["agents/*.yaml"]
      """;

  private static final String FLOW =
      """
      id: flow
      config:
        input: no_such_schema
      mcps: [ghost-server]
      triggers:
        - {type: signal, name: order.created, schema: user_input}
        - {type: signal, name: order.paid, schema: missing_schema}
      tasks:
        - id: first
          tool: missing-tool
          with:
            x: "{{ .workflow.input.x "
        - id: route
          type: router
          condition: "input.kind =="
          routes:
            a: nowhere
        - id: talk
          agent: nobody
          model_config: small
        - id: remember
          type: memory
          operation: read
          memory_ref: forgotten
        - id: first
          tool: cp__fetch
      """;

  private static final String AGENT =
      """
      resource: agent
      id: helper
      model: big
      tools: [hammer]
      memory:
        - id: lost
      actions:
        - id: go
          prompt: "{{ if }}"
        - id: go
          prompt: hi
      """;

  @Test
  void aProjectWithErrorsIsRefusedWithEveryErrorAtItsFileAndLine(@TempDir Path dir)
      throws Exception {
    write(dir, "compozy.yaml", PROJECT);
    write(dir, "workflows/flow.yaml", FLOW);
    write(dir, "agents/helper.yaml", AGENT);
    assertThatThrownBy(() -> ProjectLoader.load(dir))
        .isInstanceOfSatisfying(
            ProjectLoadException.class,
            e ->
                assertThat(e.problems())
                    .containsExactlyInAnyOrder(
                        "workflows/flow.yaml:25:5 tasks[4].id: task id 'first' is used twice",
                        "workflows/flow.yaml:10:5 tasks[0].tool: no tool 'missing-tool' in the"
                            + " project or the workflow",
                        "workflows/flow.yaml:12:7 tasks[0].with.x: not a valid template (line 1,"
                            + " column 22): template: inline:1: unclosed action",
                        "workflows/flow.yaml:15:5 tasks[1].condition: not a valid CEL expression:"
                            + " condition 'input.kind ==' does not compile: ERROR: <input>:1:14:"
                            + " mismatched input '<EOF>' expecting {'[', '{', '(', '.', '-', '!',"
                            + " 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING,"
                            + " BYTES, IDENTIFIER}",
                        "workflows/flow.yaml:17:7 tasks[1].routes.a: no task 'nowhere' in this"
                            + " workflow",
                        "workflows/flow.yaml:19:5 tasks[2].agent: no agent 'nobody' in the project"
                            + " or the workflow",
                        "workflows/flow.yaml:20:5 tasks[2].model_config: no model 'small' in the"
                            + " project (write a model id or provider:model)",
                        "workflows/flow.yaml:24:5 tasks[3].memory_ref: no memory 'forgotten' in the"
                            + " project",
                        "workflows/flow.yaml:3:3 config.input: no schema 'no_such_schema' in the"
                            + " project or the workflow",
                        "workflows/flow.yaml:4:8 mcps[0]: no MCP server 'ghost-server' in the"
                            + " project",
                        "workflows/flow.yaml:7:38 triggers[1].schema: no schema 'missing_schema' in"
                            + " the project or the workflow",
                        "agents/helper.yaml:9:5 actions[0].prompt: not a valid template (line 1,"
                            + " column 7): template: inline:1: missing value for if",
                        "agents/helper.yaml:10:5 actions[1].id: action id 'go' is used twice",
                        "agents/helper.yaml:4:9 tools[0]: no tool 'hammer' in the project",
                        "agents/helper.yaml:6:5 memory[0].id: no memory 'lost' in the project",
                        "agents/helper.yaml:3:1 model: no model 'big' in the project (write a model"
                            + " id or provider:model)"));
  }

  @Test
  void referencesToWhatTheRegistryHoldsAlreadyAreKnown(@TempDir Path dir) throws Exception {
    write(dir, "compozy.yaml", "name: p\nworkflows:\n  - source: ./w.yaml\n");
    write(dir, "w.yaml", "id: w\ntasks:\n  - id: a\n    agent: stored-agent\n");
    assertThatThrownBy(() -> ProjectLoader.load(dir))
        .hasMessage(
            "w.yaml:4:5 tasks[0].agent: no agent 'stored-agent' in the project or the workflow");
    LoadedProject p =
        ProjectLoader.load(
            dir,
            new KnownIds(Set.of(), Set.of("stored-agent"), Set.of(), Set.of(), Set.of(), Set.of()));
    assertThat(p.workflows()).singleElement().extracting(WorkflowDef::id).isEqualTo("w");
  }

  @Test
  void unknownFieldsAndWrongTypesAreNamedAtTheirLine(@TempDir Path dir) throws Exception {
    write(dir, "compozy.yaml", "name: p\nworkflows:\n  - source: ./w.yaml\n");
    write(
        dir,
        "w.yaml",
        "id: w\n"
            + "tasks:\n"
            + "  - id: a\n"
            + "    tool: cp__fetch\n"
            + "    retries: many\n"
            + "  - id: b\n"
            + "    colour: red\n");
    assertThatThrownBy(() -> ProjectLoader.load(dir))
        .isInstanceOfSatisfying(
            ProjectLoadException.class,
            e ->
                assertThat(e.problems())
                    .singleElement()
                    .asString()
                    .startsWith("w.yaml:5:5 tasks[0].retries: "));
    write(
        dir,
        "w.yaml",
        "id: w\ntasks:\n  - id: a\n    tool: cp__fetch\n  - id: b\n    colour: red\n");
    assertThatThrownBy(() -> ProjectLoader.load(dir))
        .hasMessage("w.yaml:6:5 tasks[1].colour: unknown field 'colour'");
  }

  @Test
  void aMemorysFlushingStrategyIsOneOfCompozysAndNamedWhenItIsNot(@TempDir Path dir)
      throws Exception {
    write(
        dir,
        "compozy.yaml",
        """
        name: p
        memories:
          - id: chat
            max_messages: 10
            flushing_strategy:
              type: hybrid_summary
              summarize_threshold: 0.8
              summary_tokens: 50
              threshold: 0.9
        """);
    assertThat(ProjectLoader.load(dir).warnings())
        .containsExactly(
            "compozy.yaml:9:7 memories[0].flushing_strategy.threshold: 'threshold' has no effect"
                + " here: Compozy does not read it either (its setting is summarize_threshold);"
                + " flushing here starts at the limits");
    assertThat(ProjectLoader.load(dir).project().memories())
        .singleElement()
        .satisfies(
            m ->
                assertThat(
                        Json.MAPPER
                            .convertValue(m, MemoryDef.class)
                            .flushingOrDefault()
                            .strategy()
                            .kind())
                    .isEqualTo(MemoryFlushing.Kind.SUMMARIZE));
    write(
        dir,
        "compozy.yaml",
        "name: p\nmemories:\n  - id: chat\n    flushing:\n      type: fancy\n");
    assertThatThrownBy(() -> ProjectLoader.load(dir))
        .isInstanceOfSatisfying(
            ProjectLoadException.class,
            e ->
                assertThat(e.problems())
                    .singleElement()
                    .asString()
                    .startsWith("compozy.yaml:5:7 memories[0].flushing.type: ")
                    .contains("hybrid_summary")
                    .contains("simple_fifo"));
  }

  @Test
  void everyDurationIsCheckedAtLoad(@TempDir Path dir) throws Exception {
    write(
        dir,
        "compozy.yaml",
        """
        name: p
        workflows:
          - source: ./w.yaml
        config: {start_to_close_timeout: soon}
        runtime: {type: node, entrypoint: ./tools.ts, tool_execution_timeout: 30 seconds}
        tools:
          - {id: slow, timeout: forever}
        """);
    write(
        dir,
        "w.yaml",
        """
        id: w
        config: {schedule_to_close_timeout: 1d}
        tasks:
          - id: a
            tool: slow
            timeout: 5x
            sleep: 1s
            config: {start_to_close_timeout: -1m}
        """);
    assertThatThrownBy(() -> ProjectLoader.load(dir))
        .isInstanceOfSatisfying(
            ProjectLoadException.class,
            e ->
                assertThat(e.problems())
                    .containsExactlyInAnyOrder(
                        "compozy.yaml:4:10 config.start_to_close_timeout: 'soon' is not a duration"
                            + " (use e.g. 500ms, 30s, 5m, 1h30m)",
                        "compozy.yaml:5:47 runtime.tool_execution_timeout: '30 seconds' is not a"
                            + " duration (use e.g. 500ms, 30s, 5m, 1h30m)",
                        "compozy.yaml:7:16 tools[0].timeout: 'forever' is not a duration (use e.g."
                            + " 500ms, 30s, 5m, 1h30m)",
                        "w.yaml:2:10 config.schedule_to_close_timeout: '1d' is not a duration (use"
                            + " e.g. 500ms, 30s, 5m, 1h30m)",
                        "w.yaml:6:5 tasks[0].timeout: '5x' is not a duration (use e.g. 500ms, 30s,"
                            + " 5m, 1h30m)",
                        "w.yaml:8:14 tasks[0].config.start_to_close_timeout: '-1m' is not a"
                            + " duration (use e.g. 500ms, 30s, 5m, 1h30m)"));
  }

  @Test
  void attachmentsAreCheckedAtLoadWhereTheyStand(@TempDir Path dir) throws Exception {
    write(dir, "compozy.yaml", "name: p\nworkflows:\n  - source: ./w.yaml\n");
    write(
        dir,
        "w.yaml",
        """
        id: w
        tasks:
          - id: a
            prompt: look
            attachments:
              - {type: file, url: "https://example.com/a.txt"}
              - {type: image}
              - {type: pdf, path: "{{ .input.doc ", max_pages: 0}
              - {type: url, urls: ["https://a", "https://b"]}
              - {type: image, paths: ["a.png", "b.png"], name: "pic-{{ .index }}"}
        """);
    assertThatThrownBy(() -> ProjectLoader.load(dir))
        .isInstanceOfSatisfying(
            ProjectLoadException.class,
            e ->
                assertThat(e.problems())
                    .containsExactlyInAnyOrder(
                        "w.yaml:6:22 tasks[0].attachments[0].url: a file attachment takes a path,"
                            + " not a URL",
                        "w.yaml:7:9 tasks[0].attachments[1]: an image attachment needs a url or a"
                            + " path",
                        "w.yaml:8:45 tasks[0].attachments[2].max_pages: must be at least 1",
                        "w.yaml:8:21 tasks[0].attachments[2].path: not a valid template (line 1,"
                            + " column 15): template: inline:1: unclosed action",
                        "w.yaml:9:21 tasks[0].attachments[3].urls: a url attachment takes one"
                            + " source"));
    write(
        dir,
        "w.yaml",
        "id: w\n"
            + "tasks:\n"
            + "  - id: a\n"
            + "    prompt: look\n"
            + "    attachments: [{type: gif, path: a.gif}]\n");
    assertThatThrownBy(() -> ProjectLoader.load(dir))
        .isInstanceOfSatisfying(
            ProjectLoadException.class,
            e ->
                assertThat(e.problems())
                    .singleElement()
                    .asString()
                    .startsWith("w.yaml:5:20 tasks[0].attachments[0].type: ")
                    .contains("image"));
  }

  @Test
  void refAndUseDirectivesAreRefusedWithTheWayToWriteThem(@TempDir Path dir) throws Exception {
    write(dir, "compozy.yaml", "name: p\nworkflows:\n  - source: ./w.yaml\n");
    write(
        dir,
        "w.yaml",
        """
        id: w
        config:
          input:
            $ref: local::schemas.#(id=="user_input")
        tasks:
          - id: a
            $use: agent(local::agents.#(id=="writer"))
        """);
    assertThatThrownBy(() -> ProjectLoader.load(dir))
        .isInstanceOfSatisfying(
            ProjectLoadException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "w.yaml:4:5 config.input.$ref: $ref directives are not supported: name the"
                            + " resource by its id, e.g. `tool: my-tool` or `input: <schema id>`",
                        "w.yaml:7:5 tasks[0].$use: $use directives are not supported: name the"
                            + " resource by its id, e.g. `agent: writer` (an agent's action with"
                            + " `action: <id>`)"));
  }

  @Test
  void jsonSchemaRefsInsideASchemaStay() {
    var tree =
        Json.YAML.readTree(
            "config:\n"
                + "  input:\n"
                + "    $defs: {a: {type: string}}\n"
                + "    properties:\n"
                + "      x: {$ref: '#/$defs/a'}\n");
    assertThat(Directives.check(tree)).isEmpty();
  }

  @Test
  void aLoopWithNoWayOutIsRefusedAndOneThroughARouterIsNot() {
    WorkflowDef loop =
        Json.YAML.readValue(
            """
            id: w
            tasks:
              - id: a
                tool: cp__fetch
              - id: b
                tool: cp__fetch
                on_success: {next: a}
              - id: c
                tool: cp__fetch
            """,
            WorkflowDef.class);
    assertThat(WorkflowChecks.check(loop, Set.of()))
        .containsExactly(
            new Violation(
                "/tasks/0",
                "tasks a → b → a loop forever: add a router, a wait or a final task to leave the"
                    + " loop"));
    WorkflowDef viaRouter =
        Json.YAML.readValue(
            """
            id: w
            tasks:
              - id: a
                tool: cp__fetch
              - id: again
                type: router
                condition: "tasks.a.output.done"
                routes: {"false": a}
                default: c
              - id: c
                tool: cp__fetch
            """,
            WorkflowDef.class);
    assertThat(WorkflowChecks.check(viaRouter, Set.of())).isEmpty();
    WorkflowDef nested =
        Json.YAML.readValue(
            """
            id: w
            tasks:
              - id: box
                type: composite
                tasks:
                  - id: x
                    tool: cp__fetch
                    on_success: {next: x}
            """,
            WorkflowDef.class);
    assertThat(WorkflowChecks.check(nested, Set.of()))
        .extracting(Violation::pointer)
        .containsExactly("/tasks/0/tasks/0");
  }

  @Test
  void schemasAreNamedByIdFromTheWorkflowOrTheProject() {
    WorkflowDef wf =
        Json.YAML.readValue(
            """
            id: w
            config: {input: own}
            schemas:
              - id: own
                type: object
                required: [a]
            tasks: [{id: a, tool: cp__fetch}]
            """,
            WorkflowDef.class);
    assertThat(wf.inputSchema(id -> Optional.empty()))
        .hasValue(Map.of("type", "object", "required", List.of("a")));
    WorkflowDef shared =
        Json.YAML.readValue(
            "id: w\nconfig: {input: user_input}\ntasks: [{id: a, tool: cp__fetch}]\n",
            WorkflowDef.class);
    assertThat(
            shared.inputSchema(
                id ->
                    id.equals("user_input")
                        ? Optional.of(Map.of("type", "object"))
                        : Optional.empty()))
        .hasValue(Map.of("type", "object"));
  }

  @Test
  void inlineRoutesAndProcessorsAreCheckedLikeAnyTask() {
    WorkflowDef wf =
        Json.YAML.readValue(
            """
            id: w
            tasks:
              - id: pick
                type: router
                condition: workflow.input.kind
                routes:
                  big: {id: handle, tool: missing}
                  small: nowhere
              - id: hold
                type: wait
                wait_for: go
                processor: {id: handle, tool: cp__fetch, condition: "x =="}
            """,
            WorkflowDef.class);
    assertThat(WorkflowChecks.check(wf, Set.of()))
        .extracting(Violation::pointer)
        .containsExactlyInAnyOrder(
            "/tasks/1/processor/id",
            "/tasks/0/routes/small",
            "/tasks/0/routes/big/tool",
            "/tasks/1/processor/condition");
    assertThatThrownBy(
            () ->
                Json.YAML.readValue(
                    "id: w\n"
                        + "tasks:\n"
                        + "  - {id: r, type: router, condition: x, routes: {a: {id: t, type:"
                        + " spaceship}}}\n",
                    WorkflowDef.class))
        .hasMessageContaining("route 'a' is not a valid task");
    assertThatThrownBy(
            () ->
                Json.YAML.readValue(
                    "id: w\ntasks:\n  - {id: r, type: router, condition: x, routes: {a: 42}}\n",
                    WorkflowDef.class))
        .hasMessageContaining("route 'a' is a task id or a task written in place");
  }

  @Test
  void partsKeptAsWrittenAreStillCheckedAgainstTheirShape() {
    WorkflowDef wf =
        Json.YAML.readValue(
            """
            id: w
            agents:
              - {id: helper, instructions: hi, colour: red}
            mcps:
              - {id: files, transport: stdio, command: npx, args: not-a-list}
            schemas:
              - {type: object}
            triggers:
              - type: webhook
                webhook:
                  slug: push
                  verify: {strategy: md5}
                  events:
                    - {name: pushed, filter: "payload.ref ==", input: {ref: "{{ .payload.ref "}, extra: 1}
            tasks: [{id: a, tool: cp__fetch}]
            """,
            WorkflowDef.class);
    assertThat(WorkflowChecks.check(wf, Set.of()))
        .extracting(Violation::pointer)
        .containsExactlyInAnyOrder(
            "/agents/0/colour", "/mcps/0/args", "/schemas/0", "/triggers/0/webhook/events/0/extra");
    WorkflowDef hook =
        Json.YAML.readValue(
            Json.YAML.writeValueAsString(
                Json.YAML.readValue(
                    """
                    id: w
                    triggers:
                      - type: webhook
                        webhook:
                          slug: push
                          verify: {strategy: md5}
                          events:
                            - {name: pushed, filter: "payload.ref ==", input: {ref: "{{ .payload.ref "}}
                    tasks: [{id: a, tool: cp__fetch}]
                    """,
                    Object.class)),
            WorkflowDef.class);
    assertThat(WorkflowChecks.check(hook, Set.of()))
        .extracting(Violation::pointer)
        .containsExactlyInAnyOrder(
            "/triggers/0/webhook/events/0/filter",
            "/triggers/0/webhook/events/0/input/ref",
            "/triggers/0/webhook/verify/strategy");
  }

  @Test
  void compozyYamlItselfIsCheckedAtItsLines(@TempDir Path dir) throws Exception {
    write(
        dir,
        "compozy.yaml",
        """
        name: p
        config:
          retry_policy:
            maximum_attemps: 3
        memories:
          - {id: chat, type: buffer}
          - {id: chat, type: buffer}
        schemas:
          - id: s
            type: 42
        """);
    assertThatThrownBy(() -> ProjectLoader.load(dir))
        .isInstanceOfSatisfying(
            ProjectLoadException.class,
            e ->
                assertThat(e.problems())
                    .containsExactlyInAnyOrder(
                        "compozy.yaml:4:5 config.retry_policy.maximum_attemps: unknown field"
                            + " 'maximum_attemps' (did you mean 'maximum_attempts'?)",
                        "compozy.yaml:7:6 memories[1].id: id 'chat' is used twice",
                        "compozy.yaml:10:5 schemas[0].type: does not have a value in the"
                            + " enumeration [\"array\", \"boolean\", \"integer\", \"null\","
                            + " \"number\", \"object\", \"string\"]",
                        "compozy.yaml:10:5 schemas[0].type: integer found, array expected"));
  }

  @Test
  void containersNestAtMostTwentyDeepAndEveryTargetNamesATask() {
    StringBuilder yaml = new StringBuilder("id: w\ntasks:\n");
    String indent = "  ";
    for (int depth = 1; depth <= 21; depth++) {
      yaml.append(indent)
          .append("- id: box")
          .append(depth)
          .append("\n")
          .append(indent)
          .append("  type: composite\n")
          .append(indent)
          .append("  tasks:\n");
      indent += "    ";
    }
    yaml.append(indent).append("- {id: leaf, tool: cp__fetch}\n");
    WorkflowDef deep = Json.YAML.readValue(yaml.toString(), WorkflowDef.class);
    assertThat(WorkflowChecks.check(deep, Set.of()))
        .containsExactly(
            new Violation(
                "/tasks/0" + "/tasks/0".repeat(20), "containers nest deeper than 20 levels"));
    WorkflowDef targets =
        Json.YAML.readValue(
            """
            id: w
            tasks:
              - {id: a, tool: cp__fetch, on_error: {next: nowhere}}
              - {id: r, type: router, condition: "'x'", routes: {x: a}, default: ghost}
              - {id: hold, type: wait, wait_for: go, on_timeout: later}
            """,
            WorkflowDef.class);
    assertThat(WorkflowChecks.check(targets, Set.of()))
        .containsExactlyInAnyOrder(
            new Violation("/tasks/0/on_error/next", "no task 'nowhere' in this workflow"),
            new Violation("/tasks/1/default", "no task 'ghost' in this workflow"),
            new Violation("/tasks/2/on_timeout", "no task 'later' in this workflow"));
    // a wait task without the signal it waits for would end its execution at the first signal
    WorkflowDef waitingForNothing =
        Json.YAML.readValue("id: w\ntasks:\n  - {id: hold, type: wait}\n", WorkflowDef.class);
    assertThat(WorkflowChecks.check(waitingForNothing, Set.of()))
        .containsExactly(
            new Violation("/tasks/0/wait_for", "a wait task names the signal it waits for"));
  }

  private static void write(Path dir, String name, String text) throws Exception {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }
}
