package io.compozy.execution.agent;

import static io.compozy.execution.agent.ScriptedOpenAiServer.status;
import static io.compozy.execution.agent.ScriptedOpenAiServer.text;
import static io.compozy.execution.agent.ScriptedOpenAiServer.toolCalls;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.compozy.contracts.dsl.ModelDef;
import io.compozy.contracts.dsl.ToolDef;
import io.compozy.contracts.message.AgentStep;
import io.compozy.contracts.message.StepSucceeded.Usage;
import io.compozy.execution.worker.ToolOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Anthropic, Google and Ollama through their own APIs (Spring AI's clients against a scripted
 * server speaking each format): the tool loop, usage, and errors classified alike.
 */
class ProvidersTest {
  static final Map<String, Object> LOOKUP_INPUT =
      Map.of(
          "type",
          "object",
          "properties",
          Map.of("email", Map.of("type", "string")),
          "required",
          List.of("email"));
  static ScriptedOpenAiServer server;
  static AgentRunner runner;

  @BeforeAll
  static void start() throws Exception {
    server = new ScriptedOpenAiServer();
    AgentProperties properties =
        new AgentProperties(0, Duration.ofSeconds(10), 4, 3, null, Map.of(), false, null);
    ToolCaller lookup =
        (step, tool, callId, input) ->
            CompletableFuture.completedFuture(
                new ToolOutcome.Succeeded(Map.of("email", input.get("email"), "plan", "pro")));
    runner =
        new AgentRunner(
            new ChatModels(properties),
            lookup,
            null,
            CallGate.OPEN,
            null,
            null,
            properties,
            Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    server.close();
    runner.destroy();
  }

  @BeforeEach
  void reset() {
    server.reset();
  }

  static AgentOutcome run(String provider) {
    ModelDef model =
        new ModelDef(
            null,
            provider,
            "scripted-model",
            "key-" + provider,
            server.rootUrl(),
            null,
            null,
            Map.of("temperature", 0.1),
            null);
    AgentStep step =
        new AgentStep(
            "step:e/t/1",
            "e",
            "wf",
            "t",
            "e/t/1",
            1,
            "a",
            null,
            "Be brief.",
            "Who is ada@example.com?",
            Map.of(),
            null,
            model,
            List.of(
                new ToolDef(
                    "lookup", "Finds a customer.", LOOKUP_INPUT, null, null, null, null, null)),
            null,
            5,
            Instant.now().plusSeconds(60),
            null,
            null,
            null,
            null);
    return runner.run(step).join();
  }

  @Test
  void aModelOverrideRunsEveryModelOnTheMockWithoutAKeyOrANetwork() {
    AgentProperties offline =
        new AgentProperties(0, Duration.ofSeconds(10), 4, 3, null, Map.of(), false, "mock");
    AgentRunner mockRunner =
        new AgentRunner(
            new ChatModels(offline),
            (step, tool, callId, input) ->
                CompletableFuture.failedFuture(new AssertionError("the echo mock calls no tool")),
            null,
            CallGate.OPEN,
            null,
            null,
            offline,
            Clock.systemUTC());
    try {
      ModelDef paid =
          new ModelDef(
              null, "openai", "gpt-4o", "{{ .env.NO_SUCH_KEY }}", null, null, null, Map.of(), null);
      AgentStep step =
          new AgentStep(
              "step:e/t/2",
              "e",
              "wf",
              "t",
              "e/t/2",
              1,
              "a",
              null,
              "Be brief.",
              "Say hello",
              Map.of(),
              null,
              paid,
              List.of(),
              null,
              5,
              Instant.now().plusSeconds(60),
              null,
              null,
              null,
              null);
      assertThat(mockRunner.run(step).join())
          .isInstanceOfSatisfying(
              AgentOutcome.Succeeded.class,
              s -> {
                assertThat(s.output()).isEqualTo(Map.of("response", "Say hello"));
                assertThat(s.usage())
                    .containsOnlyKeys("mock:echo"); // the model called, not the one written
              });
      assertThat(server.requests()).isEmpty();
    } finally {
      mockRunner.destroy();
    }
    assertThatThrownBy(
            () ->
                new AgentProperties(
                    0, Duration.ofSeconds(10), 4, 3, null, Map.of(), false, "gpt-4o"))
        .hasMessageContaining(
            "compozy.agents.model-override must be provider:model or mock, got 'gpt-4o'");
  }

  @Test
  void anthropicRunsTheToolLoop() {
    server.then(
        toolCalls("lookup", "{\"email\": \"ada@example.com\"}"), text("Ada is on the pro plan."));
    assertThat(run("anthropic"))
        .isInstanceOfSatisfying(
            AgentOutcome.Succeeded.class,
            s -> {
              assertThat(s.output()).isEqualTo(Map.of("response", "Ada is on the pro plan."));
              assertThat(s.usage()).containsEntry("anthropic:scripted-model", new Usage(22, 14, 2));
            });
    Map<String, Object> first = server.requests().getFirst();
    assertThat(first).containsEntry("model", "scripted-model").containsKey("max_tokens");
    assertThat(first.toString()).contains("input_schema").contains("Be brief.");
    assertThat(server.requests().get(1).toString()).contains("tool_result").contains("pro");
    assertThat(server.authorizations().getFirst()).isEqualTo("key-anthropic");
  }

  @Test
  void ollamaRunsTheToolLoop() {
    server.then(toolCalls("lookup", "{\"email\": \"ada@example.com\"}"), text("pro plan"));
    assertThat(run("ollama"))
        .isInstanceOfSatisfying(
            AgentOutcome.Succeeded.class,
            s -> {
              assertThat(s.output()).isEqualTo(Map.of("response", "pro plan"));
              assertThat(s.usage()).containsEntry("ollama:scripted-model", new Usage(22, 14, 2));
            });
    assertThat(server.requests().getFirst().toString())
        .contains("lookup")
        .contains("Finds a customer.");
    assertThat(server.requests().get(1).toString()).contains("role=tool").contains("pro");
  }

  @Test
  void googleRunsTheToolLoop() {
    server.then(toolCalls("lookup", "{\"email\": \"ada@example.com\"}"), text("pro plan"));
    assertThat(run("google"))
        .isInstanceOfSatisfying(
            AgentOutcome.Succeeded.class,
            s -> {
              assertThat(s.output()).isEqualTo(Map.of("response", "pro plan"));
              assertThat(s.usage()).containsEntry("google:scripted-model", new Usage(22, 14, 2));
            });
    assertThat(server.requests().getFirst().toString()).contains("lookup");
    assertThat(server.requests().get(1).toString()).contains("functionResponse").contains("pro");
  }

  @Test
  void providerErrorsAreClassifiedAlike() {
    for (String provider : List.of("anthropic", "google", "ollama")) {
      server.reset();
      server.then(status(401, "bad key"));
      assertThat(run(provider))
          .as(provider)
          .isInstanceOfSatisfying(
              AgentOutcome.Failed.class,
              f -> {
                assertThat(f.retryable()).as(provider + " " + f.error()).isFalse();
                assertThat(f.error().message()).contains("401");
              });
      server.reset();
      server.then(status(503, "overloaded"));
      assertThat(run(provider))
          .as(provider)
          .isInstanceOfSatisfying(
              AgentOutcome.Failed.class,
              f -> assertThat(f.retryable()).as(provider + " " + f.error()).isTrue());
    }
  }
}
