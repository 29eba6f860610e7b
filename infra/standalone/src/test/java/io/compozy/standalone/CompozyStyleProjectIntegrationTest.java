package io.compozy.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.compozy.contracts.dsl.LoadedProject;
import io.compozy.contracts.dsl.ProjectLoader;
import io.compozy.gateway.auth.ApiKeys;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A project written as Compozy's are (projects/compozy-style: our own files, with Compozy's fields
 * and spellings) loads unchanged and runs offline with the one model switch.
 */
class CompozyStyleProjectIntegrationTest {
  static final Path PROJECT = Path.of("src/test/resources/projects/compozy-style");
  @TempDir static Path data;
  static final String KEY = ApiKeys.generate();
  static Standalone platform;
  static final PlatformClient client = new PlatformClient(() -> platform.gatewayPort(), KEY);

  @BeforeAll
  static void start() {
    // the project names a paid provider and no key is set: the switch runs every model call on the
    // mock
    System.setProperty("compozy.agents.model-override", "mock");
    platform = Standalone.start(new StandaloneOptions(data, PROJECT, 0, 0, 0, 0, 0, KEY));
  }

  @AfterAll
  static void stop() {
    System.clearProperty("compozy.agents.model-override");
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void compozysFieldsLoadWithAWarningEachAtTheirLine() {
    LoadedProject loaded = ProjectLoader.load(PROJECT);
    assertThat(loaded.warnings())
        .containsExactlyInAnyOrder(
            "compozy.yaml:9:1 mode: 'mode' has no effect here: standalone or distributed is how the"
                + " platform is started (bin/standalone, bin/cluster, the images), not a project"
                + " setting",
            "compozy.yaml:16:5 models[0].context_window: 'context_window' has no effect here:"
                + " prompts are not trimmed to a context window here; the provider refuses what"
                + " does not fit",
            "compozy.yaml:24:3 runtime.native_tools: 'native_tools' has no effect here: the"
                + " built-in cp__ tools are always available here",
            "compozy.yaml:29:3 autoload.strict: 'strict' has no effect here: autoload is always"
                + " strict here (a file that does not load is an error)",
            "resources/summarizer.yaml:7:1 config: 'config' has no effect here: write the agent's"
                + " model settings under model",
            "resources/digest.yaml:43:5 tasks[1].action: 'action' has no effect here: a router here"
                + " decides by its condition; name the agent action on the tasks it routes to");
    assertThat(loaded.workflows()).extracting(w -> w.id()).containsExactly("digest");
  }

  @Test
  @SuppressWarnings("unchecked")
  void itsWorkflowRunsOfflineOnTheMock() throws Exception {
    String health = "http://127.0.0.1:" + platform.gatewayPort() + "/api/v0/health";
    Map<String, Object> out =
        client.runToEnd(
            "digest",
            """
            {"docs": [{"text": "alpha beta", "status": "new"}, {"text": "gamma", "status": "skip"}, {"text": \
            "delta", "status": "new"}],
             "health_url": "%s"}\
            """
                .formatted(health));
    assertThat(out).as(out.toString()).containsEntry("status", "success");
    Map<String, Object> output = (Map<String, Object>) out.get("output");
    List<Map<String, Object>> summaries = (List<Map<String, Object>>) output.get("summaries");
    assertThat(summaries).hasSize(2);
    assertThat(summaries.get(0).get("summary").toString()).contains("alpha beta");
    assertThat(summaries.get(1).get("summary").toString()).contains("delta");
    assertThat(summaries).allSatisfy(s -> assertThat(s).containsEntry("words", 1));
    // the action's attachments and the task's (templated per item) reach the model: the echo mock
    // repeats them
    assertThat(summaries.get(0).get("summary").toString())
        .contains("[attachment: brief]\nKeep summaries under ten words.")
        .contains("[attachment: https://example.com/docs/0]")
        .contains("[media: image/png dot.png]");
    assertThat(summaries.get(1).get("summary").toString())
        .contains("[attachment: https://example.com/docs/2]");
    assertThat(output).containsEntry("reached", 200).containsEntry("shared", "Done");
  }
}
