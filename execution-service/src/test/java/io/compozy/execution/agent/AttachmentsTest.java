package io.compozy.execution.agent;

import static io.compozy.execution.agent.ScriptedOpenAiServer.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.compozy.contracts.dsl.Attachment;
import io.compozy.contracts.dsl.ModelDef;
import io.compozy.contracts.message.AgentStep;
import io.compozy.contracts.message.RuntimeSpec;
import io.compozy.execution.worker.AttachmentLoader;
import io.compozy.execution.worker.AttachmentProperties;
import io.compozy.execution.worker.ToolsProperties;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attachments reach the model as Compozy sends them: images and audio as parts, PDFs and text files
 * as text; what cannot be had fails the call by name.
 */
class AttachmentsTest {
  static final byte[] PNG =
      Base64.getDecoder()
          .decode(
              "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
  static final byte[] MP3 = {(byte) 0xFF, (byte) 0xFB, (byte) 0x90, 0x44, 0, 0, 0, 0};
  @TempDir static Path root;
  static ScriptedOpenAiServer model;
  static HttpServer files;
  static AgentRunner runner;
  static String filesUrl;

  @BeforeAll
  static void start() throws Exception {
    model = new ScriptedOpenAiServer();
    files = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    files.createContext(
        "/song.mp3",
        x -> {
          x.getResponseHeaders().add("Content-Type", "audio/mpeg");
          x.sendResponseHeaders(200, MP3.length);
          x.getResponseBody().write(MP3);
          x.close();
        });
    files.createContext(
        "/gone.mp3",
        x -> {
          x.sendResponseHeaders(404, -1);
          x.close();
        });
    files.start();
    filesUrl = "http://127.0.0.1:" + files.getAddress().getPort();
    Files.write(root.resolve("dot.png"), PNG);
    Files.writeString(root.resolve("notes.txt"), "The launch is on Tuesday.");
    Files.write(
        root.resolve("report.pdf"),
        pdf("Indexing Optimizations cut the query time in half.", "Page two is not asked for."));
    AgentProperties properties =
        new AgentProperties(0, Duration.ofSeconds(10), 4, 3, null, Map.of(), false, null);
    AttachmentLoader loader =
        new AttachmentLoader(
            new ToolsProperties(root.toString(), true, null, null, null, null, null, null),
            new AttachmentProperties(1024 * 1024, Duration.ofSeconds(5), 2, null, null));
    ToolCaller none =
        (step, tool, callId, input) ->
            CompletableFuture.failedFuture(new AssertionError("no tools here"));
    runner =
        new AgentRunner(
            new ChatModels(properties),
            none,
            null,
            CallGate.OPEN,
            null,
            null,
            loader,
            properties,
            Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    model.close();
    files.stop(0);
    runner.destroy();
  }

  @BeforeEach
  void reset() {
    model.reset();
  }

  static byte[] pdf(String... pages) throws Exception {
    try (PDDocument doc = new PDDocument();
        ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      for (String text : pages) {
        PDPage page = new PDPage();
        doc.addPage(page);
        try (PDPageContentStream s = new PDPageContentStream(doc, page)) {
          s.beginText();
          s.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
          s.newLineAtOffset(72, 700);
          s.showText(text);
          s.endText();
        }
      }
      doc.save(out);
      return out.toByteArray();
    }
  }

  static AgentOutcome run(Attachment.Source... attachments) {
    ModelDef m =
        new ModelDef(null, "openai", "gpt-4o", "key", model.baseUrl(), null, null, Map.of(), null);
    AgentStep step =
        new AgentStep(
            "step:e/t/1",
            "e",
            "wf",
            "t",
            "e/t/1",
            1,
            "reader",
            null,
            null,
            "Read these.",
            Map.of(),
            null,
            m,
            List.of(),
            new RuntimeSpec("node", root.resolve("tools.js").toString()),
            3,
            Instant.now().plusSeconds(30),
            null,
            null,
            List.of(attachments),
            null);
    return runner.run(step).join();
  }

  static Attachment.Source path(Attachment.Kind kind, String path) {
    return new Attachment.Source(kind, null, path, null, null, null);
  }

  static Attachment.Source url(Attachment.Kind kind, String url) {
    return new Attachment.Source(kind, url, null, null, null, null);
  }

  @Test
  void everyKindReachesTheModelInItsForm() {
    model.then(text("seen"));
    AgentOutcome outcome =
        run(
            path(Attachment.Kind.IMAGE, "dot.png"),
            url(Attachment.Kind.IMAGE, "https://example.com/cat.jpg"),
            path(Attachment.Kind.FILE, "notes.txt"),
            new Attachment.Source(Attachment.Kind.PDF, null, "report.pdf", "Q3 report", null, 1),
            url(Attachment.Kind.AUDIO, filesUrl + "/song.mp3"),
            url(Attachment.Kind.URL, "https://example.com/spec"));
    assertThat(outcome).as(outcome.toString()).isInstanceOf(AgentOutcome.Succeeded.class);
    String request = model.requests().getFirst().toString();
    assertThat(request)
        .contains("data:image/png;base64," + Base64.getEncoder().encodeToString(PNG))
        .contains("https://example.com/cat.jpg")
        .contains("[attachment: notes.txt]")
        .contains("The launch is on Tuesday.")
        .contains("[attachment: Q3 report]")
        .contains("Indexing Optimizations cut the query time in half.")
        .doesNotContain("Page two")
        .contains("input_audio")
        .contains(Base64.getEncoder().encodeToString(MP3))
        .contains("[attachment: https://example.com/spec]");
  }

  @Test
  void whatCannotBeHadFailsTheCallNamingIt() {
    assertThat(run(path(Attachment.Kind.IMAGE, "missing.png")))
        .isInstanceOfSatisfying(
            AgentOutcome.Failed.class,
            f -> {
              assertThat(f.error().type()).isEqualTo("attachment_unavailable");
              assertThat(f.error().message())
                  .contains("image attachment 'missing.png'")
                  .contains("no such file");
              assertThat(f.retryable()).isFalse();
            });
    assertThat(run(path(Attachment.Kind.FILE, "../../etc/passwd")))
        .isInstanceOfSatisfying(
            AgentOutcome.Failed.class,
            f -> assertThat(f.error().message()).contains("outside the tools root"));
    assertThat(run(path(Attachment.Kind.IMAGE, "notes.txt")))
        .isInstanceOfSatisfying(
            AgentOutcome.Failed.class,
            f -> assertThat(f.error().message()).contains("is text/plain, not image/*"));
    assertThat(run(url(Attachment.Kind.AUDIO, filesUrl + "/gone.mp3")))
        .isInstanceOfSatisfying(
            AgentOutcome.Failed.class,
            f -> assertThat(f.error().message()).contains("answered HTTP 404"));
    assertThat(run(url(Attachment.Kind.VIDEO, "ftp://example.com/x.mp4")))
        .isInstanceOfSatisfying(
            AgentOutcome.Failed.class,
            f -> assertThat(f.error().message()).contains("only http and https"));
    assertThat(run(path(Attachment.Kind.PDF, "notes.txt")))
        .isInstanceOfSatisfying(
            AgentOutcome.Failed.class,
            f -> assertThat(f.error().message()).contains("not a readable PDF"));
    assertThat(model.requests()).isEmpty();
  }

  @Test
  void downloadsKeepToTheFetchAddressPolicy() {
    AgentProperties properties =
        new AgentProperties(0, Duration.ofSeconds(10), 4, 3, null, Map.of(), false, null);
    AttachmentLoader strict =
        new AttachmentLoader(
            new ToolsProperties(root.toString(), false, null, null, null, null, null, null),
            new AttachmentProperties(null, null, null, null, null));
    AgentRunner guarded =
        new AgentRunner(
            new ChatModels(properties),
            (s, t, c, i) -> CompletableFuture.failedFuture(new AssertionError()),
            null,
            CallGate.OPEN,
            null,
            null,
            strict,
            properties,
            Clock.systemUTC());
    try {
      ModelDef m =
          new ModelDef(
              null, "openai", "gpt-4o", "key", model.baseUrl(), null, null, Map.of(), null);
      AgentStep step =
          new AgentStep(
              "step:e/t/1",
              "e",
              "wf",
              "t",
              "e/t/1",
              1,
              "reader",
              null,
              null,
              "Read.",
              Map.of(),
              null,
              m,
              List.of(),
              null,
              3,
              Instant.now().plusSeconds(30),
              null,
              null,
              List.of(url(Attachment.Kind.AUDIO, filesUrl + "/song.mp3")),
              null);
      assertThat(guarded.run(step).join())
          .isInstanceOfSatisfying(
              AgentOutcome.Failed.class,
              f -> assertThat(f.error().message()).contains("internal address"));
    } finally {
      guarded.destroy();
    }
  }
}
