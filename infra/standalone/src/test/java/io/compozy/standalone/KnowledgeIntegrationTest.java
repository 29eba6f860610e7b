package io.compozy.standalone;

import static io.compozy.standalone.PlatformClient.data;
import static io.compozy.standalone.PlatformClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.compozy.gateway.auth.ApiKeys;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A project with a Markdown knowledge base, ingested at start with the offline embedder into the
 * embedded index: queries rank by meaning, a re-ingest embeds only what changed, a restart keeps the index.
 */
class KnowledgeIntegrationTest {
  @TempDir static Path data;
  @TempDir static Path project;
  static final String KEY = ApiKeys.generate();
  static Standalone platform;
  static final PlatformClient client = new PlatformClient(() -> platform.gatewayPort(), KEY);

  @BeforeAll
  static void start() throws Exception {
    Path source = Path.of("src/test/resources/projects/knowledge");
    try (Stream<Path> files = Files.walk(source)) {
      for (Path p : files.toList()) {
        Path to = project.resolve(source.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to);
        }
      }
    }
    platform = Standalone.start(new StandaloneOptions(data, project, 0, 0, 0, 0, 0, KEY));
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> matches(String question) throws Exception {
    HttpResponse<String> r = client.call("POST", "/knowledge-bases/handbook/query", "{\"query\": \"" + question + "\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return (List<Map<String, Object>>) data(r).get("matches");
  }

  @SuppressWarnings("unchecked")
  static String source(Map<String, Object> match) {
    return (String) ((Map<String, Object>) match.get("metadata")).get("source");
  }

  @Test
  void aParaphraseFindsTheRightDocumentAndAnEditIsReEmbeddedAloneAndARestartKeepsTheIndex() throws Exception {
    // ingested at start, in the background
    Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> !matches("refund").isEmpty());
    List<Map<String, Object>> found = matches("how long until I get my money back after returning something?");
    assertThat(source(found.getFirst())).isEqualTo("docs/refunds.md");
    assertThat((Double) found.getFirst().get("score")).isGreaterThan(0.3);
    assertThat(source(matches("may I bring my dog to work").getFirst())).isEqualTo("docs/policies/pets.md");

    Files.writeString(project.resolve("docs/oncall.md"), "# On-call\n\nThe on-call engineer answers pages within ten minutes and hands over on Tuesdays.\n");
    HttpResponse<String> again = client.call("POST", "/knowledge-bases/handbook/ingest", "{}");
    assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
    assertThat(data(again)).containsEntry("documents", 3).containsEntry("persisted", 1).containsEntry("kept", 2).containsEntry("deleted", 1);
    assertThat(((String) matches("who hands over on Tuesdays?").getFirst().get("content"))).contains("Tuesdays");

    platform.close();
    platform = Standalone.start(new StandaloneOptions(data, project, 0, 0, 0, 0, 0, KEY));
    HttpResponse<String> afterRestart = client.call("POST", "/knowledge-bases/handbook/ingest", "{}");
    assertThat(data(afterRestart)).containsEntry("persisted", 0).containsEntry("kept", 3).containsEntry("deleted", 0);
  }

  @Test
  void badQueriesAreRefusedNamingTheField() throws Exception {
    HttpResponse<String> empty = client.call("POST", "/knowledge-bases/handbook/query", "{\"query\": \" \"}");
    assertThat(empty.statusCode()).isEqualTo(422);
    assertThat(empty.body()).contains("/query");
    HttpResponse<String> topK = client.call("POST", "/knowledge-bases/handbook/query", "{\"query\": \"x\", \"top_k\": 0}");
    assertThat(topK.statusCode()).isEqualTo(422);
    assertThat(topK.body()).contains("/top_k");
    assertThat(client.call("POST", "/knowledge-bases/nothing/query", "{\"query\": \"x\"}").statusCode()).isEqualTo(404);
    HttpResponse<String> list = client.call("GET", "/knowledge-bases", null);
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(json(list).toString()).contains("handbook");
  }
}
