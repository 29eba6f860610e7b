package io.compozy.execution.agent;

import static io.compozy.execution.agent.ScriptedOpenAiServer.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.compozy.contracts.dsl.ModelDef;
import io.compozy.contracts.dsl.ToolDef;
import io.compozy.contracts.json.Json;
import io.compozy.contracts.message.AgentStep;
import io.compozy.knowledge.KnowledgeStore;
import io.compozy.knowledge.LocalEmbedder;
import io.compozy.knowledge.LuceneIndex;
import io.compozy.knowledge.TextSplitter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent bound to a knowledge base reads the chunks nearest its prompt before the prompt, as
 * Compozy injects them.
 */
class AgentKnowledgeTest {
  @TempDir static Path dir;
  static ScriptedOpenAiServer model;
  static LuceneIndex index;
  static AgentRunner runner;

  @BeforeAll
  static void start() throws Exception {
    model = new ScriptedOpenAiServer();
    LocalEmbedder embedder = new LocalEmbedder();
    index = LuceneIndex.open(dir.resolve("kb"), embedder.model(), embedder.dimension());
    KnowledgeStore store = new KnowledgeStore(index, embedder, new TextSplitter(400, 0), 8);
    store.ingest("docs/refunds.md", "Refunds reach the original card within five business days.");
    store.ingest("docs/pets.md", "Dogs are welcome at the office on Fridays.");
    AgentProperties properties =
        new AgentProperties(0, Duration.ofSeconds(10), 4, 3, null, Map.of(), false, null);
    runner =
        new AgentRunner(
            new ChatModels(properties),
            (s, t, c, i) -> CompletableFuture.failedFuture(new AssertionError("no tools")),
            null,
            CallGate.OPEN,
            null,
            null,
            null,
            (kb, question, topK, minScore, filters) -> {
              assertThat(kb).isEqualTo("handbook");
              return store.query(question, topK, minScore);
            },
            properties,
            Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    model.close();
    index.close();
    runner.destroy();
  }

  static AgentOutcome ask(String prompt, AgentStep.Knowledge knowledge) {
    return ask(prompt, knowledge, List.of());
  }

  static AgentOutcome ask(String prompt, AgentStep.Knowledge knowledge, List<ToolDef> tools) {
    ModelDef m =
        new ModelDef(null, "openai", "gpt-4o", "key", model.baseUrl(), null, null, Map.of(), null);
    return runner
        .run(
            new AgentStep(
                "step:e/t/1",
                "e",
                "wf",
                "t",
                "e/t/1",
                1,
                "helper",
                null,
                "Answer from the handbook.",
                prompt,
                Map.of(),
                null,
                m,
                tools,
                null,
                3,
                Instant.now().plusSeconds(30),
                null,
                null,
                null,
                knowledge))
        .join();
  }

  @SuppressWarnings("unchecked")
  static String userMessage(int request) {
    List<Map<String, Object>> messages =
        (List<Map<String, Object>>) model.requests().get(request).get("messages");
    return messages.stream()
        .filter(m -> "user".equals(m.get("role")))
        .map(m -> String.valueOf(m.get("content")))
        .reduce((a, b) -> b)
        .orElseThrow();
  }

  @Test
  void theNearestChunksComeBeforeThePrompt() {
    model.reset();
    model.then(text("Five business days."));
    assertThat(ask("How long do refunds take?", new AgentStep.Knowledge("handbook", 1, 0.1, null)))
        .isInstanceOf(AgentOutcome.Succeeded.class);
    assertThat(userMessage(0))
        .matches(
            "(?s)Retrieved Knowledge \\(handbook\\):\n"
                + "\\[1\\] score=0\\.\\d{3} tokens=9\n"
                + "Refunds reach the original card within five business days\\.\n\n"
                + "How long do refunds take\\?");
  }

  @Test
  void injectAsNamesTheBlock() {
    model.reset();
    model.then(text("Five business days."));
    ask(
        "How long do refunds take?",
        new AgentStep.Knowledge("handbook", 1, 0.1, null, "Company handbook", null, 1, null, null));
    assertThat(userMessage(0)).startsWith("Company handbook:\n[1] score=");
  }

  /**
   * Fewer chunks than min_results: the fallback notice stands in for them and tools are withheld
   * (Compozy's tool_fallback: never), unless tool_fallback escalates.
   */
  @Test
  void tooFewChunksShowTheFallbackAndWithholdToolsUnlessToolFallbackEscalates() {
    ToolDef lookup =
        Json.MAPPER.convertValue(
            Map.of(
                "id",
                "lookup",
                "description",
                "Looks things up",
                "input",
                Map.of("type", "object")),
            ToolDef.class);
    model.reset();
    model.then(text("I do not know."), text("I do not know."));
    ask(
        "How long do refunds take?",
        new AgentStep.Knowledge(
            "handbook", 3, 0.1, null, null, "Ask the finance team.", 3, null, null),
        List.of(lookup));
    assertThat(userMessage(0))
        .isEqualTo(
            "Retrieved Knowledge (handbook):\nAsk the finance team.\n\nHow long do refunds take?");
    assertThat(model.requests().get(0)).doesNotContainKey("tools");
    ask(
        "How long do refunds take?",
        new AgentStep.Knowledge("handbook", 3, 0.1, null, null, null, 3, "escalate", null),
        List.of(lookup));
    assertThat(userMessage(1))
        .startsWith(
            "Retrieved Knowledge (handbook):\nNo indexed knowledge available for handbook.");
    assertThat(model.requests().get(1)).containsKey("tools");
  }

  @Test
  void nothingAboveTheMinimumScoreShowsTheNotice() {
    model.reset();
    model.then(text("I do not know."));
    assertThat(ask("How long do refunds take?", new AgentStep.Knowledge("handbook", 3, 0.99, null)))
        .isInstanceOf(AgentOutcome.Succeeded.class);
    assertThat(userMessage(0))
        .startsWith(
            "Retrieved Knowledge (handbook):\nNo indexed knowledge available for handbook.");
  }
}
