package io.compozy.execution.agent;

import static io.compozy.execution.agent.ScriptedOpenAiServer.raw;
import static io.compozy.execution.agent.ScriptedOpenAiServer.status;
import static io.compozy.execution.agent.ScriptedOpenAiServer.text;
import static io.compozy.execution.agent.ScriptedOpenAiServer.toolCalls;
import static org.assertj.core.api.Assertions.assertThat;

import io.compozy.contracts.dsl.ModelDef;
import io.compozy.contracts.dsl.ToolDef;
import io.compozy.contracts.message.AgentStep;
import io.compozy.contracts.message.RuntimeSpec;
import io.compozy.contracts.message.StepSucceeded.Usage;
import io.compozy.contracts.message.ToolStep;
import io.compozy.execution.worker.NodeToolRunner;
import io.compozy.execution.worker.ToolWorkerProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent loop through Spring AI's real OpenAI client against a scripted OpenAI-compatible
 * server, with script tools in a real Node.js process: answers, tool calls, structured output,
 * budgets and every way a provider fails.
 */
class AgentLoopTest {
  static final Map<String, Object> LOOKUP_INPUT =
      Map.of(
          "type",
          "object",
          "properties",
          Map.of("email", Map.of("type", "string")),
          "required",
          List.of("email"));
  static final Map<String, Object> VERDICT =
      Map.of(
          "type",
          "object",
          "properties",
          Map.of("category", Map.of("type", "string", "enum", List.of("billing", "other"))),
          "required",
          List.of("category"));

  @TempDir static Path dir;
  static ScriptedOpenAiServer openai;
  static NodeToolRunner nodeTools;
  static AgentRunner runner;
  static AgentRunner streaming;
  static final List<String> chunks = new CopyOnWriteArrayList<>();
  static RuntimeSpec runtime;

  @BeforeAll
  static void start() throws Exception {
    Path tools = dir.resolve("tools.js");
    Files.writeString(
        tools,
        """
        export default {
          lookup: async ({ email }) => ({ email, plan: "pro" }),
          boom: async () => { throw new Error("kaput"); },
        };
        """);
    Files.writeString(dir.resolve(".env"), "SCRIPTED_KEY=sk-from-dotenv\n");
    runtime = new RuntimeSpec("node", tools.toString());
    openai = new ScriptedOpenAiServer();
    nodeTools =
        new NodeToolRunner(
            new ToolWorkerProperties("node", Duration.ofSeconds(5), Duration.ofSeconds(20)));
    AgentProperties properties =
        new AgentProperties(1, Duration.ofSeconds(10), 4, 3, null, Map.of(), false, null);
    ToolCaller caller =
        (step, tool, callId, input) ->
            nodeTools.run(
                new ToolStep(
                    step.messageId() + "/" + callId,
                    step.execId(),
                    step.workflowId(),
                    step.taskId(),
                    step.stepId() + "/" + callId,
                    step.attempt(),
                    tool.id(),
                    input,
                    tool.config() == null ? Map.of() : tool.config(),
                    step.runtime(),
                    step.deadline()),
                Instant.now());
    runner =
        new AgentRunner(
            new ChatModels(properties),
            caller,
            null,
            CallGate.OPEN,
            null,
            null,
            properties,
            Clock.systemUTC());
    streaming =
        new AgentRunner(
            new ChatModels(properties),
            caller,
            null,
            CallGate.OPEN,
            (exec, task, attempt, index, text) -> chunks.add(index + ":" + text),
            null,
            properties,
            Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    openai.close();
    nodeTools.destroy();
    runner.destroy();
    streaming.destroy();
  }

  @BeforeEach
  void resetScript() {
    openai.reset();
    chunks.clear();
  }

  static ModelDef model() {
    return new ModelDef(
        null,
        "openai",
        "gpt-test",
        "{{ .env.SCRIPTED_KEY }}",
        openai.baseUrl(),
        null,
        null,
        Map.of("temperature", 0.2),
        null);
  }

  static AgentStep step(@Nullable Map<String, Object> output, int maxIterations, ModelDef model) {
    List<ToolDef> tools =
        List.of(
            new ToolDef(
                "lookup", "Finds a customer by email.", LOOKUP_INPUT, null, null, null, null, null),
            new ToolDef("boom", "Always fails.", null, null, null, null, null, null));
    return new AgentStep(
        "step:e/t/1",
        "e",
        "wf",
        "t",
        "e/t/1",
        1,
        "classifier",
        "classify",
        "You classify tickets.",
        "Classify: refund please",
        Map.of("ticket", "refund please"),
        output,
        model,
        tools,
        runtime,
        maxIterations,
        Instant.now().plusSeconds(60),
        null,
        null,
        null,
        null);
  }

  static AgentOutcome run(AgentStep step) {
    return runner.run(step).join();
  }

  @Test
  void aPlainAnswerIsTheResponseWithItsUsageAndTheModelNamedOnTheCall() {
    openai.then(text("Hello there"));
    AgentOutcome out = run(step(null, 10, model()));
    assertThat(out)
        .isEqualTo(
            new AgentOutcome.Succeeded(
                Map.of("response", "Hello there"),
                Map.of("openai:gpt-test", new Usage(11, 7, 1)),
                "Hello there"));
    Map<String, Object> request = openai.requests().getFirst();
    assertThat(request).containsEntry("model", "gpt-test").containsEntry("temperature", 0.2);
    assertThat(messages(request)).extracting(m -> m.get("role")).containsExactly("system", "user");
    assertThat(openai.authorizations().getFirst()).isEqualTo("Bearer sk-from-dotenv");
  }

  @Test
  void toolCallsRunInNodeAndTheirResultsGoBackUntilTheStructuredAnswer() {
    openai.then(
        toolCalls(
            "lookup",
            "{\"email\": \"ada@example.com\"}",
            "lookup",
            "{\"email\": \"bob@example.com\"}"),
        text("```json\n{\"category\": \"billing\"}\n```"));
    AgentOutcome out = run(step(VERDICT, 10, model()));
    assertThat(out)
        .isInstanceOfSatisfying(
            AgentOutcome.Succeeded.class,
            s -> {
              assertThat(s.output()).isEqualTo(Map.of("category", "billing"));
              assertThat(s.usage()).containsEntry("openai:gpt-test", new Usage(22, 14, 2));
            });
    @SuppressWarnings("unchecked")
    Map<String, Object> offered =
        (Map<String, Object>)
            ((Map<String, Object>) tools(openai.requests().getFirst()).getFirst()).get("function");
    assertThat(offered)
        .containsEntry("name", "lookup")
        .containsEntry("description", "Finds a customer by email.")
        .containsEntry("parameters", LOOKUP_INPUT);
    List<Map<String, Object>> second = messages(openai.requests().get(1));
    assertThat(second)
        .filteredOn(m -> "tool".equals(m.get("role")))
        .extracting(m -> String.valueOf(m.get("content")))
        .containsExactly(
            "{\"email\":\"ada@example.com\",\"plan\":\"pro\"}",
            "{\"email\":\"bob@example.com\",\"plan\":\"pro\"}");
    assertThat(String.valueOf(messages(openai.requests().getFirst()).getFirst().get("content")))
        .contains("JSON Schema");
  }

  @Test
  void badToolArgumentsAndAThrowingToolAreFedBackAndTheLoopGoesOn() {
    openai.then(
        toolCalls("lookup", "{not json", "lookup", "{\"mail\": 1}", "boom", "{}", "teleport", "{}"),
        text("fine"));
    AgentOutcome out = run(step(null, 10, model()));
    assertThat(out).isInstanceOf(AgentOutcome.Succeeded.class);
    List<String> results =
        messages(openai.requests().get(1)).stream()
            .filter(m -> "tool".equals(m.get("role")))
            .map(m -> String.valueOf(m.get("content")))
            .toList();
    assertThat(results).hasSize(4);
    assertThat(results.get(0)).contains("not valid JSON");
    assertThat(results.get(1)).contains("input schema").contains("email");
    assertThat(results.get(2)).contains("kaput");
    assertThat(results.get(3)).contains("there is no tool 'teleport'");
  }

  @Test
  void anAnswerOffTheSchemaIsSentBackWithTheViolationsTwiceAtMost() {
    openai.then(
        text("not json at all"),
        text("{\"category\": \"shoes\"}"),
        text("{\"category\": \"other\"}"));
    assertThat(run(step(VERDICT, 10, model())))
        .isInstanceOfSatisfying(
            AgentOutcome.Succeeded.class,
            s -> assertThat(s.output()).isEqualTo(Map.of("category", "other")));
    assertThat(String.valueOf(messages(openai.requests().get(1)).getLast().get("content")))
        .contains("it is not JSON");
    assertThat(String.valueOf(messages(openai.requests().get(2)).getLast().get("content")))
        .contains("/category");

    openai.reset();
    openai.then(text("{\"category\": \"shoes\"}"));
    assertThat(run(step(VERDICT, 10, model())))
        .isInstanceOfSatisfying(
            AgentOutcome.Failed.class,
            f -> {
              assertThat(f.error().type()).isEqualTo("invalid_output");
              assertThat(f.retryable()).isFalse();
            });
    assertThat(openai.requests()).hasSize(3);
  }

  @Test
  void budgetsEndALoopThatNeverAnswers() {
    openai.then(toolCalls("lookup", "{\"email\": \"a@b.c\"}"));
    assertThat(run(step(null, 3, model())))
        .isInstanceOfSatisfying(
            AgentOutcome.Failed.class,
            f -> {
              assertThat(f.error().type()).isEqualTo("max_iterations");
              assertThat(f.error().message()).contains("3 iterations");
            });
    assertThat(openai.requests()).hasSize(3);

    openai.reset();
    openai.then(toolCalls("boom", "{}"));
    assertThat(run(step(null, 50, model())))
        .isInstanceOfSatisfying(
            AgentOutcome.Failed.class,
            f -> {
              assertThat(f.error().type()).isEqualTo("tool_errors");
              assertThat(f.error().message()).contains("3 times in a row").contains("kaput");
            });
  }

  @Test
  void aRateLimitIsRetriedByTheClientAndTheCallSucceeds() {
    openai.then(status(429, "slow down"), text("made it"));
    assertThat(run(step(null, 10, model())))
        .isInstanceOfSatisfying(
            AgentOutcome.Succeeded.class,
            s -> assertThat(s.output()).isEqualTo(Map.of("response", "made it")));
    assertThat(openai.requests()).hasSize(2);
  }

  @Test
  void aServerThatKeepsFailingIsARetryableStepFailure() {
    openai.then(status(500, "down"));
    assertThat(run(step(null, 10, model())))
        .isInstanceOfSatisfying(
            AgentOutcome.Failed.class,
            f -> {
              assertThat(f.retryable()).isTrue();
              assertThat(f.error().message()).contains("HTTP 500");
            });
    assertThat(openai.requests()).hasSize(2); // the call and its one retry
  }

  @Test
  void badCredentialsAndBadRequestsAreNotRetried() {
    openai.then(status(401, "invalid api key"));
    assertThat(run(step(null, 10, model())))
        .isInstanceOfSatisfying(
            AgentOutcome.Failed.class,
            f -> {
              assertThat(f.retryable()).isFalse();
              assertThat(f.error().type()).isEqualTo("provider_auth_error");
              assertThat(f.error().message()).contains("401");
            });
    assertThat(openai.requests()).hasSize(1);

    openai.reset();
    openai.then(status(400, "unknown parameter"));
    assertThat(run(step(null, 10, model())))
        .isInstanceOfSatisfying(
            AgentOutcome.Failed.class, f -> assertThat(f.retryable()).isFalse());
  }

  @Test
  void anUnreadableAnswerIsARetryableFailure() {
    openai.then(raw("{\"choices\": [ this is not json"));
    assertThat(run(step(null, 10, model())))
        .isInstanceOfSatisfying(
            AgentOutcome.Failed.class,
            f -> {
              assertThat(f.retryable()).isTrue();
              assertThat(f.error().type()).isEqualTo("provider_invalid_response");
            });
  }

  @Test
  void aModelWithoutAKeyOrWithAnUnknownProviderIsRefusedClearly() {
    ModelDef noKey =
        new ModelDef(
            null, "groq", "llama", "{{ .env.NO_SUCH_VARIABLE_SET }}", null, null, null, null, null);
    assertThat(run(step(null, 10, noKey)))
        .isInstanceOfSatisfying(
            AgentOutcome.Failed.class,
            f -> {
              assertThat(f.retryable()).isFalse();
              assertThat(f.error().message())
                  .contains("has no api key")
                  .contains("NO_SUCH_VARIABLE_SET");
            });
    ModelDef blank = new ModelDef(null, "groq", "llama", null, null, null, null, null, null);
    assertThat(run(step(null, 10, blank)))
        .isInstanceOfSatisfying(
            AgentOutcome.Failed.class,
            f ->
                assertThat(f.error().message())
                    .contains("has no api key")
                    .contains("GROQ_API_KEY"));
    ModelDef unknown =
        new ModelDef(null, "carrier-pigeon", "coo", null, null, null, null, null, null);
    assertThat(run(step(null, 10, unknown)))
        .isInstanceOfSatisfying(
            AgentOutcome.Failed.class,
            f -> assertThat(f.error().message()).contains("'carrier-pigeon' is not supported"));
  }

  @Test
  void aStreamedAnswerPublishesItsTextAsItArrivesAndGathersToolCallsAndUsage() {
    openai.then(
        toolCalls("lookup", "{\"email\": \"ada@example.com\"}"),
        text("{\"category\": \"billing\"}"));
    AgentOutcome out = streaming.run(step(VERDICT, 10, model())).join();
    assertThat(out)
        .isInstanceOfSatisfying(
            AgentOutcome.Succeeded.class,
            s -> {
              assertThat(s.output()).isEqualTo(Map.of("category", "billing"));
              assertThat(s.usage()).containsEntry("openai:gpt-test", new Usage(22, 14, 2));
            });
    assertThat(openai.requests()).allSatisfy(r -> assertThat(r).containsEntry("stream", true));
    assertThat(String.valueOf(messages(openai.requests().get(1)).getLast().get("content")))
        .contains("\"plan\":\"pro\"");
    assertThat(chunks).containsExactly("0:{\"category\": ", "1:\"billing\"}");
  }

  @Test
  void theMockProviderStreamsToo() {
    ModelDef echo = new ModelDef(null, "mock", "echo", null, null, null, null, null, null);
    AgentOutcome out = streaming.run(step(null, 10, echo)).join();
    assertThat(out)
        .isInstanceOfSatisfying(
            AgentOutcome.Succeeded.class,
            s -> assertThat(s.output()).isEqualTo(Map.of("response", "Classify: refund please")));
    assertThat(chunks).containsExactly("0:Classify: ", "1:refund ", "2:please");
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> messages(Map<String, Object> request) {
    return (List<Map<String, Object>>) request.get("messages");
  }

  @SuppressWarnings("unchecked")
  static List<Object> tools(Map<String, Object> request) {
    return (List<Object>) request.get("tools");
  }
}
