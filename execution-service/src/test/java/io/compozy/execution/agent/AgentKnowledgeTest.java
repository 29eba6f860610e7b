package io.compozy.execution.agent;

import static io.compozy.execution.agent.ScriptedOpenAiServer.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.compozy.contracts.dsl.ModelDef;
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

/** An agent bound to a knowledge base reads the chunks nearest its prompt before the prompt, as Compozy injects them. */
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
    AgentProperties properties = new AgentProperties(0, Duration.ofSeconds(10), 4, 3, null, Map.of(), false, null);
    runner = new AgentRunner(new ChatModels(properties), (s, t, c, i) -> CompletableFuture.failedFuture(new AssertionError("no tools")),
        null, CallGate.OPEN, null, null, null, (kb, question, topK, minScore) -> {
          assertThat(kb).isEqualTo("handbook");
          return store.query(question, topK, minScore);
        }, properties, Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    model.close();
    index.close();
    runner.destroy();
  }

  static AgentOutcome ask(String prompt, AgentStep.Knowledge knowledge) {
    ModelDef m = new ModelDef(null, "openai", "gpt-4o", "key", model.baseUrl(), null, null, Map.of(), null);
    return runner.run(new AgentStep("step:e/t/1", "e", "wf", "t", "e/t/1", 1, "helper", null, "Answer from the handbook.", prompt, Map.of(),
        null, m, List.of(), null, 3, Instant.now().plusSeconds(30), null, null, null, knowledge)).join();
  }

  @Test
  void theNearestChunksComeBeforeThePrompt() {
    model.reset();
    model.then(text("Five business days."));
    assertThat(ask("How long do refunds take?", new AgentStep.Knowledge("handbook", 1, 0.1, null)))
        .isInstanceOf(AgentOutcome.Succeeded.class);
    String request = model.requests().getFirst().toString();
    assertThat(request).contains("<!-- knowledge:handbook -->").contains("### docs/refunds.md")
        .contains("Refunds reach the original card within five business days.").doesNotContain("Dogs are welcome");
    assertThat(request.indexOf("knowledge:handbook")).isLessThan(request.indexOf("How long do refunds take?"));
  }

  @Test
  void nothingAboveTheMinimumScoreInjectsNothing() {
    model.reset();
    model.then(text("I do not know."));
    assertThat(ask("How long do refunds take?", new AgentStep.Knowledge("handbook", 3, 0.99, null))).isInstanceOf(AgentOutcome.Succeeded.class);
    assertThat(model.requests().getFirst().toString()).doesNotContain("knowledge:handbook");
  }
}
