package io.compozy.standalone;

import static io.compozy.standalone.PlatformClient.data;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.compozy.contracts.json.Json;
import io.compozy.execution.agent.ScriptedOpenAiServer;
import io.compozy.gateway.auth.ApiKeys;
import io.compozy.infra.embedded.RedisServerProcess;
import io.compozy.knowledge.LuceneIndex;
import io.compozy.knowledge.PgliteServer;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/**
 * A project with a Markdown knowledge base, ingested at start with the offline embedder into the
 * embedded index: queries rank by meaning, a re-ingest embeds only what changed, a restart keeps
 * the index.
 */
class KnowledgeIntegrationTest {
  @TempDir static Path data;
  @TempDir static Path project;
  static final String KEY = ApiKeys.generate();
  static Standalone platform;
  static HttpServer web;
  static ScriptedOpenAiServer openai;
  static PgliteServer pgvector;

  /** A Redis without a search engine (the embedded one, 6.2), named by a store's DSN. */
  static RedisServerProcess plainRedis;

  /**
   * A Redis with its search engine, where one is reachable: {@code COMPOZY_TEST_REDIS_SEARCH_URL}.
   */
  static final String redisSearch = System.getenv("COMPOZY_TEST_REDIS_SEARCH_URL");

  static String pgvectorSkipped;
  static final int BULK_DOCUMENTS = 30;
  static final String[] WORDS = {
    "billing",
    "security",
    "design",
    "support",
    "platform",
    "data",
    "mobile",
    "search",
    "growth",
    "legal"
  };
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
    // documents fetched over HTTP: a PDF and an HTML page, from a server on this machine (hence
    // allow-private)
    web = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    byte[] pdf =
        pdf(
            "Backups of the customer database run every night at three and are kept for thirty"
                + " days.");
    byte[] html =
        ("<html><head><style>p {color: red}</style><script>var x ="
                + " '<p>';</script></head><body><h1>Holidays</h1><p>Every employee has twenty-eight"
                + " days of paid leave a year.</p></body></html>")
            .getBytes(StandardCharsets.UTF_8);
    web.createContext(
        "/backups.pdf",
        x -> {
          x.getResponseHeaders().add("Content-Type", "application/pdf");
          x.sendResponseHeaders(200, pdf.length);
          x.getResponseBody().write(pdf);
          x.close();
        });
    web.createContext(
        "/holidays",
        x -> {
          x.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
          x.sendResponseHeaders(200, html.length);
          x.getResponseBody().write(html);
          x.close();
        });
    // a Qdrant that opens a collection and then refuses every write (as a full disk would)
    web.createContext(
        "/qdrant/collections/",
        x -> {
          String path = x.getRequestURI().getPath();
          x.getRequestBody().readAllBytes();
          boolean write = x.getRequestMethod().equals("PUT") && path.endsWith("/points");
          byte[] answer =
              (write
                      ? "{\"status\":{\"error\":\"No space left on device\"}}"
                      : path.endsWith("/points/scroll")
                          ? "{\"result\":{\"points\":[],\"next_page_offset\":null}}"
                          : "{\"result\":{\"config\":{\"params\":"
                              + "{\"vectors\":{\"size\":384,\"distance\":\"Cosine\"}}}}}")
                  .getBytes(StandardCharsets.UTF_8);
          x.getResponseHeaders().add("Content-Type", "application/json");
          x.sendResponseHeaders(write ? 500 : 200, answer.length);
          x.getResponseBody().write(answer);
          x.close();
        });
    web.start();
    String base = "http://127.0.0.1:" + web.getAddress().getPort();
    // a Postgres with pgvector for the shared store, where one can run (PGlite from npm)
    try {
      pgvector = PgliteServer.start();
    } catch (TestAbortedException e) {
      pgvectorSkipped = e.getMessage();
    }
    Files.writeString(
        project.resolve("compozy.yaml"),
        Files.readString(project.resolve("compozy.yaml"))
            .replace(
                "workflows:",
                """
                  - id: stale
                    sources: [{type: markdown_glob, path: "docs/*.md"}]
                  - id: bulk
                    sources: [{type: markdown_glob, path: "bulk/*.md"}]
                    chunking: {size: 800, overlap: 80}
                  - id: bulk-to-cancel
                    sources: [{type: markdown_glob, path: "bulk-to-cancel/*.md"}]
                  - id: too-many
                    sources: [{type: markdown_glob, paths: ["bulk/*.md", "bulk-to-cancel/*.md"]}]
                  - id: pg-notes
                    vector_db: PGVECTOR_DB
                    sources: [{type: markdown_glob, path: "docs/**/*.md"}]
                  - id: fallback-notes
                    vector_db: platform-pg
                    sources: [{type: markdown_glob, path: "docs/**/*.md"}]
                  - id: redis-fallback-notes
                    vector_db: platform-redis
                    sources: [{type: markdown_glob, path: "docs/**/*.md"}]
                  - id: plain-redis-notes
                    vector_db: plain-redis
                    sources: [{type: markdown_glob, path: "docs/**/*.md"}]
                  - id: redis-notes
                    vector_db: search-redis
                    sources: [{type: markdown_glob, path: "docs/**/*.md"}]
                  - id: google-notes
                    embedder: gemini
                    sources: [{type: markdown_glob, path: "docs/**/*.md"}]
                    chunking: {size: 60, overlap: 0}
                  - id: vertex-notes
                    embedder: vertex-express
                    sources: [{type: markdown_glob, path: "docs/**/*.md"}]
                    chunking: {size: 60, overlap: 0}
                  - id: declared-then-deleted
                    sources: [{type: markdown_glob, path: "docs/*.md"}]
                  - id: broken-store-notes
                    vector_db: failing-qdrant
                    sources: [{type: markdown_glob, path: "docs/**/*.md"}]
                  - id: unreachable-embedder-notes
                    embedder: unreachable
                    sources: [{type: markdown_glob, path: "docs/**/*.md"}]
                  - id: remote-notes
                    embedder: remote
                    sources: [{type: markdown_glob, path: "docs/**/*.md"}]
                    chunking: {size: 60, overlap: 0}
                  - id: guides
                    sources:
                      - {type: pdf_url, urls: ["%s/backups.pdf"]}
                      - {type: url, urls: ["%s/holidays"]}
                workflows:\
                """
                    .formatted(base, base)
                    .replace(
                        "vector_db: PGVECTOR_DB",
                        "vector_db: " + (pgvector == null ? "platform-pg" : "shared-pg"))));
    // bases of many documents, so that their ingestion takes seconds
    for (String folder : List.of("bulk", "bulk-to-cancel")) {
      Files.createDirectories(project.resolve(folder));
      for (int d = 0; d < BULK_DOCUMENTS; d++) {
        StringBuilder text = new StringBuilder("# Topic " + d + " of " + folder + "\n\n");
        for (int line = 0; text.length() < 8000; line++) {
          text.append("Paragraph ")
              .append(line)
              .append(" about subject ")
              .append(d)
              .append(": the ")
              .append(WORDS[(d + line) % WORDS.length])
              .append(" team reviews its ")
              .append(WORDS[(d * 7 + line) % WORDS.length])
              .append(" plan every ")
              .append(line % 5 + 1)
              .append(" weeks.\n\n");
        }
        Files.writeString(project.resolve(folder).resolve("topic-" + d + ".md"), text);
      }
    }
    // an index left by another embedding model, where the stale base keeps its chunks
    String staleFolder = "stale-" + Integer.toHexString("stale".hashCode());
    LuceneIndex.open(
            data.resolve("knowledge").resolve(staleFolder), "openai:text-embedding-3-small", 1536)
        .close();
    // the model the agent task calls: the scripted provider, which keeps the prompts it was sent
    openai = new ScriptedOpenAiServer();
    plainRedis =
        new RedisServerProcess(
                data.getParent().resolve(data.getFileName() + "-plain-redis"),
                0,
                false,
                "plain-secret")
            .start();
    Files.writeString(
        project.resolve("compozy.yaml"),
        Files.readString(project.resolve("compozy.yaml"))
            .replace(
                "embedders:",
                """
                vector_dbs:
                  - {id: platform-redis, type: redis, config: {collection: "Platform Notes"}}
                  - {id: failing-qdrant, type: qdrant, config: {dsn: "%s/qdrant", collection: broken}}
                  - {id: plain-redis, type: redis, config: {dsn: "redis://127.0.0.1:%d", auth: {password: \
                plain-secret}}}
                  - {id: search-redis, type: redis, config: {dsn: "%s", collection: compozy_it_%s}}
                  - {id: platform-pg, type: pgvector}%s
                models:
                  - {provider: openai, model: gpt-4o-mini, api_key: test-key, api_url: "%s", default: true}
                embedders:
                  - {id: remote, provider: openai, model: text-embedding-3-small, api_key: test-key, api_url: \
                "%s", config: {dimension: 16, batch_size: 2}}
                  - {id: gemini, provider: google, model: text-embedding-004, api_key: gemini-key, api_url: "%s", \
                config: {dimension: 16, batch_size: 4}}
                  - {id: unreachable, provider: google, model: text-embedding-004, api_key: k, api_url: \
                "%s/nowhere", config: {dimension: 16}}
                  - {id: vertex-express, provider: vertex, model: text-embedding-005, api_key: vertex-key, \
                api_url: "%s", config: {dimension: 16}}\
                """
                    .formatted(
                        base,
                        plainRedis.port(),
                        redisSearch == null ? "redis://127.0.0.1:1" : redisSearch,
                        Long.toHexString(System.nanoTime()),
                        pgvector == null
                            ? ""
                            : "\n  - {id: shared-pg, type: pgvector, config: {dsn: \""
                                + pgvector.url()
                                + "\", table: kb_shared}}",
                        openai.baseUrl(),
                        openai.baseUrl(),
                        openai.rootUrl(),
                        openai.rootUrl(),
                        openai.rootUrl())));
    System.setProperty("compozy.tools.fetch-allow-private", "true");
    // each bulk folder holds 30 documents: under the limit alone, over it together
    System.setProperty("compozy.knowledge.max-files", "40");
    platform = Standalone.start(new StandaloneOptions(data, project, 0, 0, 0, 0, 0, KEY));
  }

  static byte[] pdf(String text) throws Exception {
    try (var doc = new PDDocument();
        var out = new ByteArrayOutputStream()) {
      var page = new PDPage();
      doc.addPage(page);
      try (var s = new PDPageContentStream(doc, page)) {
        s.beginText();
        s.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 11);
        s.newLineAtOffset(50, 700);
        s.showText(text);
        s.endText();
      }
      doc.save(out);
      return out.toByteArray();
    }
  }

  @AfterAll
  static void stop() throws InterruptedException {
    System.clearProperty("compozy.tools.fetch-allow-private");
    System.clearProperty("compozy.knowledge.max-files");
    if (platform != null) {
      platform.close();
    }
    if (web != null) {
      web.stop(0);
    }
    if (openai != null) {
      openai.close();
    }
    if (plainRedis != null) {
      plainRedis.close();
    }
    if (pgvector != null) {
      pgvector.close();
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void pdfAndHtmlDocumentsAreFetchedReadAndSearchable() throws Exception {
    HttpResponse<String> ingest = client.call("POST", "/knowledge-bases/guides/ingest", "{}");
    assertThat(ingest.statusCode()).as(ingest.body()).isEqualTo(200);
    assertThat(data(ingest)).containsEntry("documents", 2);
    HttpResponse<String> r =
        client.call(
            "POST",
            "/knowledge-bases/guides/query",
            "{\"query\": \"how long are database backups retained?\", \"top_k\": 1}");
    List<Map<String, Object>> found = (List<Map<String, Object>>) data(r).get("matches");
    assertThat(source(found.getFirst())).endsWith("/backups.pdf");
    assertThat((String) found.getFirst().get("content")).contains("thirty days");
    HttpResponse<String> leave =
        client.call(
            "POST",
            "/knowledge-bases/guides/query",
            "{\"query\": \"vacation allowance\", \"top_k\": 1}");
    String content =
        (String) ((List<Map<String, Object>>) data(leave).get("matches")).getFirst().get("content");
    assertThat(content)
        .contains("twenty-eight days of paid leave")
        .doesNotContain("<")
        .doesNotContain("color: red")
        .doesNotContain("var x");
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> matches(String question) throws Exception {
    return matches("handbook", question);
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> matches(String base, String question) throws Exception {
    HttpResponse<String> r =
        client.call(
            "POST", "/knowledge-bases/" + base + "/query", "{\"query\": \"" + question + "\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return (List<Map<String, Object>>) data(r).get("matches");
  }

  @SuppressWarnings("unchecked")
  static String source(Map<String, Object> match) {
    return (String) ((Map<String, Object>) match.get("metadata")).get("source");
  }

  @Test
  void aParaphraseFindsTheRightDocumentAndAnEditIsReEmbeddedAloneAndARestartKeepsTheIndex()
      throws Exception {
    // ingested at start, in the background
    Awaitility.await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> !matches("refund").isEmpty());
    List<Map<String, Object>> found =
        matches("how long until I get my money back after returning something?");
    assertThat(source(found.getFirst())).isEqualTo("docs/refunds.md");
    assertThat((Double) found.getFirst().get("score")).isGreaterThan(0.3);
    assertThat(source(matches("may I bring my dog to work").getFirst()))
        .isEqualTo("docs/policies/pets.md");

    Files.writeString(
        project.resolve("docs/oncall.md"),
        "# On-call\n\n"
            + "The on-call engineer answers pages within ten minutes and hands over on"
            + " Tuesdays.\n");
    HttpResponse<String> again = client.call("POST", "/knowledge-bases/handbook/ingest", "{}");
    assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
    assertThat(data(again))
        .containsEntry("documents", 3)
        .containsEntry("persisted", 1)
        .containsEntry("kept", 2)
        .containsEntry("deleted", 1);
    assertThat(((String) matches("who hands over on Tuesdays?").getFirst().get("content")))
        .contains("Tuesdays");

    platform.close();
    platform = Standalone.start(new StandaloneOptions(data, project, 0, 0, 0, 0, 0, KEY));
    HttpResponse<String> afterRestart =
        client.call("POST", "/knowledge-bases/handbook/ingest", "{}");
    assertThat(data(afterRestart))
        .containsEntry("persisted", 0)
        .containsEntry("kept", 3)
        .containsEntry("deleted", 0);
  }

  /**
   * An agent task bound to the base reads the chunks nearest to its prompt before its model call
   * (the scripted provider sees them in a system message), and the execution's record shows which
   * chunks it read, with their scores.
   */
  @Test
  @SuppressWarnings("unchecked")
  void anAgentTaskReadsTheNearestChunksAndTheExecutionRecordShowsThem() throws Exception {
    Awaitility.await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> !matches("refund").isEmpty());
    openai.then(ScriptedOpenAiServer.text("Within five business days."));
    String execId =
        client.start(
            "ask",
            "{\"question\": \"how long until I get my money back after returning something?\"}");
    client.awaitStatus(execId, "success", "failed");
    Map<String, Object> record = data(client.call("GET", "/executions/workflows/" + execId, null));
    assertThat(record).as(record.toString()).containsEntry("status", "success");

    List<Map<String, Object>> messages =
        (List<Map<String, Object>>) openai.requests().getLast().get("messages");
    String prompt =
        messages.stream()
            .filter(m -> "user".equals(m.get("role")))
            .map(m -> String.valueOf(m.get("content")))
            .reduce((a, b) -> b)
            .orElseThrow(() -> new AssertionError("no prompt in " + messages));
    assertThat(prompt)
        .startsWith("Retrieved Knowledge (handbook):\n[1] score=")
        .contains("within five to seven business days")
        .endsWith("\n\nhow long until I get my money back after returning something?");

    Map<String, Object> task =
        ((Map<String, Map<String, Object>>) record.get("tasks")).get("answer");
    List<Map<String, Object>> read = (List<Map<String, Object>>) task.get("knowledge");
    assertThat(read).as(task.toString()).isNotEmpty();
    assertThat(read.getFirst())
        .containsEntry("knowledge_base_id", "handbook")
        .containsEntry("source", "docs/refunds.md")
        .containsKeys("chunk_index", "chunk_id");
    assertThat(((Number) read.getFirst().get("score")).doubleValue()).isGreaterThan(0.3);
    assertThat(read).hasSizeLessThanOrEqualTo(3); // the base's top_k
  }

  /**
   * An ingestion is a job of steps over Kafka: answered at once with {@code ?wait=0}, followed in
   * the API and as events on {@code compozy.knowledge.events}; when the execution service restarts
   * halfway, the job goes on where it was and counts every document once.
   */
  @Test
  @SuppressWarnings("unchecked")
  void anIngestionIsAJobThatReportsProgressAndSurvivesARestartHalfway() throws Exception {
    try (var events =
        new KafkaConsumer<String, String>(
            Map.of(
                "bootstrap.servers",
                platform.endpoints().kafkaBootstrap(),
                "group.id",
                "knowledge-test-" + System.nanoTime(),
                "auto.offset.reset",
                "earliest",
                "key.deserializer",
                StringDeserializer.class.getName(),
                "value.deserializer",
                StringDeserializer.class.getName()))) {
      events.subscribe(List.of("compozy.knowledge.events"));
      HttpResponse<String> queued =
          client.call("POST", "/knowledge-bases/bulk/ingest?wait=0", "{}");
      assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
      Map<String, Object> job = (Map<String, Object>) data(queued).get("ingestion");
      String jobId = (String) job.get("job_id");
      assertThat(queued.headers().firstValue("Location"))
          .hasValue("/api/v0/knowledge-bases/bulk/ingestions/" + jobId);
      String path = "/knowledge-bases/bulk/ingestions/" + jobId;

      // halfway: some documents done, not all
      Awaitility.await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> ((Number) ingestion(path).get("documents_done")).intValue() >= 2);
      Map<String, Object> halfway = ingestion(path);
      assertThat(halfway.get("status"))
          .as("the job had ended before the restart: make its documents larger")
          .isEqualTo("running");
      assertThat(halfway.get("documents_total")).isEqualTo(BULK_DOCUMENTS);
      platform.restartService("execution-service");

      Awaitility.await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> List.of("succeeded", "failed").contains(ingestion(path).get("status")));
      Map<String, Object> done = ingestion(path);
      assertThat(done)
          .containsEntry("status", "succeeded")
          .containsEntry("documents_done", BULK_DOCUMENTS)
          .containsEntry("documents_total", BULK_DOCUMENTS)
          .containsEntry("kept", 0)
          .containsEntry("deleted", 0);
      int chunks = ((Number) done.get("chunks")).intValue();
      assertThat(chunks).isGreaterThan(BULK_DOCUMENTS * 5);
      assertThat(done).containsEntry("embedded", chunks);
      assertThat(
              source(
                  matches("bulk", "when does the mobile team look at its legal plan?").getFirst()))
          .startsWith("bulk/topic-");

      // the same progress as events, ending with the job
      List<Map<String, Object>> seen = new ArrayList<>();
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                for (var r : events.poll(Duration.ofMillis(200))) {
                  Map<String, Object> e = Json.read(r.value(), Map.class);
                  if (jobId.equals(e.get("job_id"))) {
                    seen.add(e);
                  }
                }
                return !seen.isEmpty() && "succeeded".equals(seen.getLast().get("status"));
              });
      assertThat(seen.getFirst())
          .containsEntry("status", "running")
          .containsEntry("documents_total", BULK_DOCUMENTS);
      assertThat(seen.stream().map(e -> ((Number) e.get("documents_done")).intValue()).toList())
          .isSorted()
          .contains(BULK_DOCUMENTS);
      assertThat(seen.getLast())
          .containsEntry("knowledge_base_id", "bulk")
          .containsEntry("chunks", chunks);

      HttpResponse<String> list = client.call("GET", "/knowledge-bases/bulk/ingestions", null);
      assertThat(((List<Map<String, Object>>) data(list).get("ingestions")).getFirst())
          .containsEntry("job_id", jobId);
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void aRunningIngestionCanBeCanceledAndAnEndedOneCannot() throws Exception {
    HttpResponse<String> queued =
        client.call("POST", "/knowledge-bases/bulk-to-cancel/ingest?wait=0", "{}");
    assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
    String jobId = (String) ((Map<String, Object>) data(queued).get("ingestion")).get("job_id");
    String path = "/knowledge-bases/bulk-to-cancel/ingestions/" + jobId;
    HttpResponse<String> canceled = client.call("POST", path + "/cancel", null);
    assertThat(canceled.statusCode()).as(canceled.body()).isEqualTo(202);
    assertThat((Map<String, Object>) data(canceled).get("ingestion"))
        .containsEntry("status", "canceled");
    // the steps still queued do nothing: the count stays below the total
    Thread.sleep(3000); // deliberate: time for the queued steps to come and be skipped
    Map<String, Object> after = ingestion(path);
    assertThat(after).containsEntry("status", "canceled");
    assertThat(((Number) after.get("documents_done")).intValue()).isLessThan(BULK_DOCUMENTS);
    HttpResponse<String> again = client.call("POST", path + "/cancel", null);
    assertThat(again.statusCode()).as(again.body()).isEqualTo(409);
    assertThat(
            client
                .call("GET", "/knowledge-bases/bulk-to-cancel/ingestions/ing_nope", null)
                .statusCode())
        .isEqualTo(404);
    // a job of another base is not found under this one
    assertThat(
            client.call("GET", "/knowledge-bases/handbook/ingestions/" + jobId, null).statusCode())
        .isEqualTo(404);
    // sources naming more documents together than one job may read: the job fails naming them
    HttpResponse<String> tooMany = client.call("POST", "/knowledge-bases/too-many/ingest", "{}");
    assertThat(tooMany.statusCode()).as(tooMany.body()).isEqualTo(422);
    assertThat(tooMany.body()).contains("/sources").contains("more than 40 documents");
    HttpResponse<String> badWait =
        client.call("POST", "/knowledge-bases/bulk-to-cancel/ingest?wait=forever", "{}");
    assertThat(badWait.statusCode()).isEqualTo(400);
    assertThat(badWait.body()).contains("wait");
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> ingestion(String path) throws Exception {
    HttpResponse<String> r = client.call("GET", path, null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return (Map<String, Object>) data(r).get("ingestion");
  }

  @Test
  void badQueriesAreRefusedNamingTheField() throws Exception {
    HttpResponse<String> empty =
        client.call("POST", "/knowledge-bases/handbook/query", "{\"query\": \" \"}");
    assertThat(empty.statusCode()).isEqualTo(422);
    assertThat(empty.body()).contains("/query");
    HttpResponse<String> topK =
        client.call("POST", "/knowledge-bases/handbook/query", "{\"query\": \"x\", \"top_k\": 0}");
    assertThat(topK.statusCode()).isEqualTo(422);
    assertThat(topK.body()).contains("/top_k");
    assertThat(
            client
                .call("POST", "/knowledge-bases/nothing/query", "{\"query\": \"x\"}")
                .statusCode())
        .isEqualTo(404);
    HttpResponse<String> stale =
        client.call("POST", "/knowledge-bases/stale/query", "{\"query\": \"x\"}");
    assertThat(stale.statusCode()).as(stale.body()).isEqualTo(422);
    assertThat(stale.body())
        .contains("/vector_db")
        .contains("holds vectors of openai:text-embedding-3-small/1536");
  }

  /**
   * A base with a remote embedder (OpenAI's API, played by the scripted provider): its chunks are
   * sent in the embedder's batch size, a 429 is waited out (Retry-After) and retried, and queries
   * are embedded by it too.
   */
  @Test
  void aRemoteEmbedderIsCalledInItsBatchSizeAndItsRateLimitIsWaitedOut() throws Exception {
    openai.embeddingRequests().clear();
    openai.refuseEmbeddings(1);
    HttpResponse<String> ingest = client.call("POST", "/knowledge-bases/remote-notes/ingest", "{}");
    assertThat(ingest.statusCode()).as(ingest.body()).isEqualTo(200);
    int chunks = ((Number) data(ingest).get("chunks")).intValue();
    assertThat(data(ingest)).containsEntry("documents", 3).containsEntry("persisted", chunks);
    assertThat(chunks).isGreaterThan(3);
    List<Integer> sizes =
        openai.embeddingRequests().stream().map(r -> ((List<?>) r.get("input")).size()).toList();
    assertThat(sizes).allSatisfy(n -> assertThat(n).isBetween(1, 2)).contains(2);
    // every chunk was sent once, and the batch refused with 429 once more
    assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isBetween(chunks + 1, chunks + 2);
    assertThat(openai.embeddingRequests())
        .allSatisfy(r -> assertThat(r).containsEntry("model", "text-embedding-3-small"));
    assertThat(source(matches("remote-notes", "refunds reach the original card").getFirst()))
        .isEqualTo("docs/refunds.md");
  }

  /**
   * Google's embeddings, through Google's own API: the Gemini API with a key, and Vertex AI (in its
   * express mode, with a key), each played by the scripted provider.
   */
  @Test
  void googleAndVertexEmbeddersAreCalledThroughGooglesApi() throws Exception {
    openai.embeddingRequests().clear();
    HttpResponse<String> gemini = client.call("POST", "/knowledge-bases/google-notes/ingest", "{}");
    assertThat(gemini.statusCode()).as(gemini.body()).isEqualTo(200);
    assertThat(data(gemini)).containsEntry("documents", 3);
    assertThat(source(matches("google-notes", "refunds reach the original card").getFirst()))
        .isEqualTo("docs/refunds.md");
    assertThat(openai.embeddingRequests())
        .isNotEmpty()
        .allSatisfy(
            r -> {
              assertThat((String) r.get("path"))
                  .contains("text-embedding-004")
                  .contains("mbedContent");
              assertThat(r).containsEntry("api_key", "gemini-key");
            });

    openai.embeddingRequests().clear();
    HttpResponse<String> vertex = client.call("POST", "/knowledge-bases/vertex-notes/ingest", "{}");
    assertThat(vertex.statusCode()).as(vertex.body()).isEqualTo(200);
    assertThat(source(matches("vertex-notes", "refunds reach the original card").getFirst()))
        .isEqualTo("docs/refunds.md");
    assertThat(openai.embeddingRequests())
        .isNotEmpty()
        .allSatisfy(r -> assertThat((String) r.get("path")).contains("text-embedding-005"));

    // an embedder that answers 404: the job fails at once naming it, and no step is tried again and
    // again
    HttpResponse<String> failed =
        client.call("POST", "/knowledge-bases/unreachable-embedder-notes/ingest", "{}");
    assertThat(failed.statusCode()).as(failed.body()).isEqualTo(422);
    assertThat(failed.body())
        .contains("/embedder")
        .contains("embedder 'unreachable'")
        .contains("404");
  }

  /**
   * A store that refuses writes: the job fails naming it, instead of its steps going to the dead
   * letters and the job running for ever.
   */
  @Test
  void aStoreThatRefusesWritesFailsTheJob() throws Exception {
    HttpResponse<String> failed =
        client.call("POST", "/knowledge-bases/broken-store-notes/ingest", "{}");
    assertThat(failed.statusCode()).as(failed.body()).isEqualTo(422);
    assertThat(failed.body())
        .contains("/vector_db")
        .contains("could not be stored")
        .contains("qdrant answered 500");
  }

  /**
   * A base on a pgvector store keeps its chunks in Postgres (shared by every instance, nothing in
   * the local index); a pgvector store without a DSN on a Postgres without the extension
   * (standalone's embedded one) keeps the base in the replicated index instead.
   */
  @Test
  void aPgvectorBaseKeepsItsChunksInPostgresAndOneWithoutTheExtensionFallsBack() throws Exception {
    HttpResponse<String> fallback =
        client.call("POST", "/knowledge-bases/fallback-notes/ingest", "{}");
    assertThat(fallback.statusCode()).as(fallback.body()).isEqualTo(200);
    assertThat(source(matches("fallback-notes", "when do I get my money back?").getFirst()))
        .isEqualTo("docs/refunds.md");
    Assumptions.assumeTrue(pgvector != null, () -> "the pgvector part skipped: " + pgvectorSkipped);
    HttpResponse<String> ingest = client.call("POST", "/knowledge-bases/pg-notes/ingest", "{}");
    assertThat(ingest.statusCode()).as(ingest.body()).isEqualTo(200);
    assertThat(data(ingest)).containsEntry("documents", 3);
    assertThat(source(matches("pg-notes", "when do I get my money back?").getFirst()))
        .isEqualTo("docs/refunds.md");
    try (var c = DriverManager.getConnection(pgvector.url());
        var r =
            c.createStatement()
                .executeQuery(
                    "select count(distinct source) from kb_shared where kb_id = 'pg-notes'")) {
      r.next();
      assertThat(r.getInt(1)).isEqualTo(3);
    }
    assertThat(
            data.resolve("knowledge")
                .resolve("pg-notes-" + Integer.toHexString("pg-notes".hashCode())))
        .doesNotExist();
  }

  /**
   * A base on a redis store keeps its chunks in Redis's search engine (tested where one is
   * reachable); a store naming a Redis without the engine is refused naming the field; one without
   * a DSN on the platform's Redis, which has none in standalone mode, keeps the base in the
   * replicated index instead.
   */
  @Test
  void aRedisBaseNeedsTheSearchEngineAndOneWithoutADsnFallsBack() throws Exception {
    HttpResponse<String> fallback =
        client.call("POST", "/knowledge-bases/redis-fallback-notes/ingest", "{}");
    assertThat(fallback.statusCode()).as(fallback.body()).isEqualTo(200);
    assertThat(source(matches("redis-fallback-notes", "when do I get my money back?").getFirst()))
        .isEqualTo("docs/refunds.md");

    HttpResponse<String> plain =
        client.call("POST", "/knowledge-bases/plain-redis-notes/ingest", "{}");
    assertThat(plain.statusCode()).as(plain.body()).isEqualTo(422);
    assertThat(plain.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    assertThat(plain.body())
        .contains("/vector_db")
        .contains("plain-redis")
        .contains("no search engine");

    Assumptions.assumeTrue(
        redisSearch != null && !redisSearch.isBlank(),
        "the redis search part skipped: set COMPOZY_TEST_REDIS_SEARCH_URL to a Redis with its"
            + " search engine (none can be installed here)");
    HttpResponse<String> ingest = client.call("POST", "/knowledge-bases/redis-notes/ingest", "{}");
    assertThat(ingest.statusCode()).as(ingest.body()).isEqualTo(200);
    assertThat(data(ingest)).containsEntry("documents", 3);
    assertThat(source(matches("redis-notes", "when do I get my money back?").getFirst()))
        .isEqualTo("docs/refunds.md");
    assertThat(
            data.resolve("knowledge")
                .resolve("redis-notes-" + Integer.toHexString("redis-notes".hashCode())))
        .doesNotExist();
  }

  /**
   * Deleting a base deletes its chunks, as Compozy removes the vectors: tombstones on the chunk log
   * for each of them (so every instance's index drops them), rows out of a pgvector table.
   */
  @Test
  void deletingABaseDeletesItsChunks() throws Exception {
    String base = "{\"sources\": [{\"type\": \"markdown_glob\", \"path\": \"docs/*.md\"}]}";
    assertThat(client.call("PUT", "/knowledge-bases/temp-notes", base).statusCode()).isEqualTo(201);
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                client.call("POST", "/knowledge-bases/temp-notes/ingest", "{}").statusCode()
                    == 200);
    try (var log =
        new KafkaConsumer<String, String>(
            Map.of(
                "bootstrap.servers",
                platform.endpoints().kafkaBootstrap(),
                "group.id",
                "purge-test-" + System.nanoTime(),
                "auto.offset.reset",
                "earliest",
                "key.deserializer",
                StringDeserializer.class.getName(),
                "value.deserializer",
                StringDeserializer.class.getName()))) {
      log.subscribe(List.of("compozy.knowledge.chunks"));
      Set<String> live = new HashSet<>();
      Set<String> gone = new HashSet<>();
      BooleanSupplier read =
          () -> {
            for (var r : log.poll(Duration.ofMillis(200))) {
              if (r.key().startsWith("temp-notes/")) {
                if (r.value() == null) {
                  gone.add(r.key());
                } else {
                  live.add(r.key());
                }
              }
            }
            return true;
          };
      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> read.getAsBoolean() && live.size() == 2);
      assertThat(client.call("DELETE", "/knowledge-bases/temp-notes", null).statusCode())
          .isEqualTo(204);
      Awaitility.await("a tombstone for each chunk")
          .atMost(Duration.ofSeconds(30))
          .until(() -> read.getAsBoolean() && gone.containsAll(live));
    }
    Assumptions.assumeTrue(pgvector != null, () -> "the pgvector part skipped: " + pgvectorSkipped);
    assertThat(
            client
                .call(
                    "PUT",
                    "/knowledge-bases/pg-temp",
                    base.replace("{\"sources\"", "{\"vector_db\": \"shared-pg\", \"sources\""))
                .statusCode())
        .isEqualTo(201);
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> client.call("POST", "/knowledge-bases/pg-temp/ingest", "{}").statusCode() == 200);
    assertThat(rows("pg-temp")).isEqualTo(2);
    assertThat(client.call("DELETE", "/knowledge-bases/pg-temp", null).statusCode()).isEqualTo(204);
    Awaitility.await("its rows deleted")
        .atMost(Duration.ofSeconds(30))
        .until(() -> rows("pg-temp") == 0);
  }

  static int rows(String base) throws Exception {
    try (var c = DriverManager.getConnection(pgvector.url());
        var p = c.prepareStatement("select count(*) from kb_shared where kb_id = ?")) {
      p.setString(1, base);
      try (var r = p.executeQuery()) {
        r.next();
        return r.getInt(1);
      }
    }
  }

  /**
   * Filters match Compozy's chunk metadata exactly: only matching chunks come back, still nearest
   * first.
   */
  @Test
  @SuppressWarnings("unchecked")
  void filtersKeepOnlyTheChunksWhoseMetadataMatches() throws Exception {
    Awaitility.await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> !matches("refund").isEmpty());
    HttpResponse<String> r =
        client.call(
            "POST",
            "/knowledge-bases/handbook/query",
            "{\"query\": \"how long until I get my money back?\", \"min_score\": -1, \"filters\":"
                + " {\"source_path\": \"docs/policies/pets.md\"}}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    List<Map<String, Object>> found = (List<Map<String, Object>>) data(r).get("matches");
    assertThat(found)
        .isNotEmpty()
        .allSatisfy(m -> assertThat(source(m)).isEqualTo("docs/policies/pets.md"));
    assertThat((Map<String, Object>) found.getFirst().get("metadata"))
        .containsEntry("knowledge_base_id", "handbook")
        .containsEntry("source_type", "markdown_glob")
        .containsKeys("chunk_index", "chunk_id");
    HttpResponse<String> none =
        client.call(
            "POST",
            "/knowledge-bases/handbook/query",
            "{\"query\": \"refunds\", \"filters\": {\"source_type\": \"pdf_url\"}}");
    assertThat((List<?>) data(none).get("matches")).isEmpty();
    HttpResponse<String> bad =
        client.call(
            "POST",
            "/knowledge-bases/handbook/query",
            "{\"query\": \"x\", \"filters\": {\"tags\": [\"a\"]}}");
    assertThat(bad.statusCode()).isEqualTo(422);
    assertThat(bad.body()).contains("/filters/tags");
  }

  /**
   * Knowledge bases are definitions like every other kind: listed, read with a strong ETag, put
   * (created, then changed under If-Match), versioned and deleted unless a workflow binds them; a
   * base put through the API is ingested and queried like one of compozy.yaml.
   */
  @Test
  @SuppressWarnings("unchecked")
  void aKnowledgeBaseIsADefinitionPutVersionedAndDeletedThroughTheApi() throws Exception {
    HttpResponse<String> list = client.call("GET", "/knowledge-bases", null);
    assertThat(list.statusCode()).isEqualTo(200);
    List<Map<String, Object>> bases = (List<Map<String, Object>>) data(list).get("knowledge_bases");
    assertThat(bases).extracting(b -> b.get("id")).contains("handbook", "guides", "bulk");
    HttpResponse<String> one = client.call("GET", "/knowledge-bases/handbook", null);
    assertThat(one.statusCode()).isEqualTo(200);
    assertThat((Map<String, Object>) data(one).get("knowledge_base"))
        .containsEntry("id", "handbook")
        .containsEntry("embedder", "offline");
    assertThat(one.headers().firstValue("ETag")).isPresent();

    String pets =
        "{\"id\": \"pets\", \"sources\": [{\"type\": \"markdown_glob\", \"path\":"
            + " \"docs/policies/*.md\"}]}";
    HttpResponse<String> created = client.call("PUT", "/knowledge-bases/pets", pets);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String etag = created.headers().firstValue("ETag").orElseThrow();
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> client.call("POST", "/knowledge-bases/pets/ingest", "{}").statusCode() == 200);
    assertThat(source(matches("pets", "can I bring my dog?").getFirst()))
        .isEqualTo("docs/policies/pets.md");

    String changed = pets.replace("}]}", "}], \"retrieval\": {\"top_k\": 1}}");
    assertThat(
            client
                .send(
                    "PUT",
                    "/knowledge-bases/pets",
                    changed,
                    "Content-Type",
                    "application/json",
                    "Authorization",
                    "Bearer " + KEY,
                    "If-Match",
                    "\"stale\"")
                .statusCode())
        .isEqualTo(412);
    HttpResponse<String> updated =
        client.send(
            "PUT",
            "/knowledge-bases/pets",
            changed,
            "Content-Type",
            "application/json",
            "Authorization",
            "Bearer " + KEY,
            "If-Match",
            etag);
    assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
    assertThat(
            ((List<?>)
                data(client.call("GET", "/knowledge-bases/pets/versions", null)).get("versions")))
        .hasSize(2);
    HttpResponse<String> bad =
        client.call(
            "PUT",
            "/knowledge-bases/broken",
            "{\"id\": \"broken\", \"embedder\": \"nowhere\", \"sources\": []}");
    assertThat(bad.statusCode()).as(bad.body()).isEqualTo(422);
    assertThat(bad.body()).contains("/embedder");

    // as in Compozy, a body without an id takes the path's
    HttpResponse<String> noId =
        client.call(
            "PUT",
            "/knowledge-bases/no-id",
            "{\"sources\": [{\"type\": \"markdown_glob\", \"path\": \"docs/*.md\"}]}");
    assertThat(noId.statusCode()).as(noId.body()).isEqualTo(201);
    assertThat((Map<String, Object>) data(noId).get("knowledge_base")).containsEntry("id", "no-id");
    assertThat(client.call("DELETE", "/knowledge-bases/no-id", null).statusCode()).isEqualTo(204);

    // handbook is bound by the workflow ask: deleting it would break it
    assertThat(client.call("DELETE", "/knowledge-bases/handbook", null).statusCode())
        .isEqualTo(409);
    assertThat(client.call("DELETE", "/knowledge-bases/pets", null).statusCode()).isEqualTo(204);
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                client
                        .call("POST", "/knowledge-bases/pets/query", "{\"query\": \"dog\"}")
                        .statusCode()
                    == 404);
    // a base a workflow declares is stored with the project's: it can be ingested and searched
    HttpResponse<String> own = client.call("POST", "/knowledge-bases/ask-notes/ingest", "{}");
    assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
    assertThat(source(matches("ask-notes", "can I bring my dog?").getFirst()))
        .isEqualTo("docs/policies/pets.md");
    // a base of compozy.yaml deleted through the API is gone too (until the project is imported
    // again), as in Compozy
    assertThat(client.call("DELETE", "/knowledge-bases/declared-then-deleted", null).statusCode())
        .isEqualTo(204);
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                client
                        .call("POST", "/knowledge-bases/declared-then-deleted/ingest", "{}")
                        .statusCode()
                    == 404);
    assertThat(client.call("GET", "/knowledge-bases/declared-then-deleted", null).statusCode())
        .isEqualTo(404);
  }
}
