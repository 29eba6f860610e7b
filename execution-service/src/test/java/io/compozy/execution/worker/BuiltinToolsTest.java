package io.compozy.execution.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in tools' bounds: files stay under the root, fetches stay public, commands stay on the
 * list.
 */
class BuiltinToolsTest {
  @TempDir static Path dir;
  static Path root;
  static Path outside;
  static FileTools files;
  static HttpServer server;

  @BeforeAll
  static void setUp() throws Exception {
    root = Files.createDirectories(dir.resolve("root"));
    outside = Files.createDirectories(dir.resolve("outside"));
    Files.writeString(outside.resolve("secret.txt"), "top secret");
    Files.writeString(root.resolve("notes.txt"), "alpha\nbeta gamma\nalphabet\n");
    Files.createSymbolicLink(root.resolve("escape.txt"), outside.resolve("secret.txt"));
    Files.createSymbolicLink(root.resolve("away"), outside);
    Files.createSymbolicLink(root.resolve("dangling"), dir.resolve("nowhere"));
    files = new FileTools(root, 64);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/hello",
        x -> {
          byte[] body =
              "hello from the test server, a body longer than the cap of forty bytes"
                  .getBytes(StandardCharsets.UTF_8);
          x.sendResponseHeaders(200, body.length);
          x.getResponseBody().write(body);
          x.close();
        });
    server.createContext(
        "/loop",
        x -> {
          x.getResponseHeaders().add("Location", "/loop");
          x.sendResponseHeaders(302, -1);
          x.close();
        });
    server.start();
  }

  @AfterAll
  static void stop() {
    server.stop(0);
  }

  @Test
  void readAndWriteAnswerWithCompozysMetadataAndRefuseWhatTheyCannotDo() throws Exception {
    Map<String, Object> written = files.write("sub/new.txt", "fresh", false, 0640);
    assertThat(written).containsEntry("success", true);
    assertThat(metadata(written))
        .containsEntry("path", "sub/new.txt")
        .containsEntry("size", 5L)
        .containsEntry("mode", 0640)
        .containsKey("modified");
    assertThat(metadata(files.write("sub/new.txt", " and more", true, null)))
        .containsEntry("size", 14L)
        .containsEntry("mode", 0640);
    Map<String, Object> read = files.read("sub/new.txt");
    assertThat(read).containsEntry("content", "fresh and more");
    assertThat(metadata(read)).containsEntry("size", 14L);
    assertThat(Instant.parse((String) metadata(read).get("modified")))
        .isCloseTo(Instant.now(), Assertions.within(1, ChronoUnit.MINUTES));

    assertThatThrownBy(() -> files.write("big.txt", "x".repeat(65), false, null))
        .hasMessageContaining("content exceeds maximum size");
    Files.writeString(root.resolve("big.txt"), "y".repeat(65));
    assertThatThrownBy(() -> files.read("big.txt"))
        .hasMessageContaining("file exceeds maximum size");
    Files.write(root.resolve("image.bin"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2});
    assertThatThrownBy(() -> files.read("image.bin"))
        .hasMessageContaining("binary files are not supported");
    assertThatThrownBy(() -> files.read("sub")).hasMessageContaining("is not a file");
    assertThatThrownBy(() -> files.read("nothing.txt"))
        .isInstanceOfSatisfying(
            ToolFailure.class, f -> assertThat(f.type()).isEqualTo("file_not_found"));
    assertThatThrownBy(() -> files.write("sub", "x", false, null))
        .hasMessageContaining("is a directory");
    assertThatThrownBy(() -> files.write("m.txt", "x", false, 01000))
        .hasMessageContaining("mode must be");
    Files.writeString(root.resolve("kana.txt"), "こんにちは世界");
    assertThat(files.read("kana.txt")).containsEntry("content", "こんにちは世界");
  }

  @Test
  void listDirPagesThroughEntriesAsCompozyDoes() throws Exception {
    Path tree = Files.createDirectories(root.resolve("listing/inner"));
    for (String name : List.of("b.txt", "a.md", "c.txt")) {
      Files.writeString(tree.getParent().resolve(name), name);
    }
    Files.writeString(tree.resolve("d.txt"), "dd");
    Files.createSymbolicLink(tree.getParent().resolve("link"), outside);
    var all =
        entries(files.list(new FileTools.ListRequest("listing", null, false, true, true, 200, 0)));
    assertThat(all)
        .extracting(e -> e.get("name"))
        .containsExactly("a.md", "b.txt", "c.txt", "inner");
    assertThat(all.get(0))
        .containsEntry("path", "/listing/a.md")
        .containsEntry("type", "file")
        .containsEntry("size", 4L)
        .containsKey("modified");
    assertThat(all.get(3)).containsEntry("type", "dir").containsEntry("size", 0L);

    Map<String, Object> first =
        files.list(new FileTools.ListRequest("listing", "**/*.txt", true, true, false, 2, 0));
    assertThat(entries(first))
        .extracting(e -> e.get("path"))
        .containsExactly("/listing/b.txt", "/listing/c.txt");
    assertThat(first).containsEntry("next_page_token", "2");
    Map<String, Object> second =
        files.list(new FileTools.ListRequest("listing", "**/*.txt", true, true, false, 2, 2));
    assertThat(entries(second))
        .extracting(e -> e.get("path"))
        .containsExactly("/listing/inner/d.txt");
    assertThat(second).doesNotContainKey("next_page_token");
    assertThat(
            entries(
                files.list(new FileTools.ListRequest("listing", null, true, false, true, 200, 0))))
        .extracting(e -> e.get("name"))
        .containsExactly("inner");

    assertThatThrownBy(
            () ->
                files.list(new FileTools.ListRequest("listing", null, false, false, false, 200, 0)))
        .hasMessageContaining("at least one of include_files or include_dirs");
    assertThatThrownBy(
            () ->
                files.list(
                    new FileTools.ListRequest("listing/a.md", null, false, true, true, 200, 0)))
        .hasMessageContaining("path is not a directory");
    assertThatThrownBy(
            () -> files.list(new FileTools.ListRequest("nowhere", null, false, true, true, 200, 0)))
        .isInstanceOfSatisfying(
            ToolFailure.class, f -> assertThat(f.type()).isEqualTo("file_not_found"));
  }

  @Test
  void grepFindsEveryMatchWithItsLineAndColumn() throws Exception {
    Path g = Files.createDirectories(root.resolve("grep/deeper"));
    Files.writeString(g.getParent().resolve("one.txt"), "  Alpha alpha\nnone here\n");
    Files.writeString(g.resolve("two.txt"), "alpha\n");
    Files.write(g.getParent().resolve("blob.bin"), new byte[] {'a', 'l', 'p', 'h', 'a', 0});
    var flat =
        matches(files.grep(new FileTools.GrepRequest("alpha", "grep", false, false, 1000, 64)));
    assertThat(flat)
        .containsExactly(
            Map.of("file", "/grep/one.txt", "line", 1, "column", 9, "text", "Alpha alpha"));
    var deep =
        matches(files.grep(new FileTools.GrepRequest("alpha", "grep", true, true, 1000, 64)));
    assertThat(deep)
        .extracting(m -> m.get("file") + ":" + m.get("line") + ":" + m.get("column"))
        .containsExactly("/grep/one.txt:1:3", "/grep/one.txt:1:9", "/grep/deeper/two.txt:1:1");
    assertThat(matches(files.grep(new FileTools.GrepRequest("alpha", "grep", true, true, 2, 64))))
        .hasSize(2);
    assertThat(
            matches(
                files.grep(
                    new FileTools.GrepRequest("alpha", "grep/one.txt", false, false, 1000, 64))))
        .hasSize(1);
    assertThat(
            matches(files.grep(new FileTools.GrepRequest("alpha", "grep", false, false, 1000, 10))))
        .isEmpty(); // past max_file_bytes
    assertThatThrownBy(
            () -> files.grep(new FileTools.GrepRequest("(", "grep", false, false, 10, 64)))
        .hasMessageContaining("not a valid regular expression");
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> metadata(Map<String, Object> out) {
    return (Map<String, Object>) out.get("metadata");
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> entries(Map<String, Object> out) {
    return (List<Map<String, Object>>) out.get("entries");
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> matches(Map<String, Object> out) {
    return (List<Map<String, Object>>) out.get("matches");
  }

  @Test
  void listFilesAndDeleteFileAnswerAsCompozysDo() throws Exception {
    files.write("tree/a.go", "package a", false, null);
    files.write("tree/a_test.go", "package a", false, null);
    files.write("tree/deep/b.go", "package b", false, null);
    files.write("tree/deep/notes.md", "notes", false, null);
    assertThat(files.listFiles("tree", null, false))
        .isEqualTo(Map.of("files", List.of("a.go", "a_test.go")));
    assertThat(files.listFiles("tree", List.of("*_test.go", "**/*.md"), true))
        .isEqualTo(Map.of("files", List.of("a.go", "deep/b.go")));
    // only a negation: what it does not match is excluded (deep/b.go: "*.go" does not cross a
    // slash)
    assertThat(files.listFiles("tree", List.of("!*.go"), true))
        .isEqualTo(Map.of("files", List.of("a.go", "a_test.go")));
    assertThatThrownBy(() -> files.listFiles("tree/a.go", null, false))
        .hasMessageContaining("is not a directory");
    assertThatThrownBy(() -> files.listFiles("tree", 42, false))
        .hasMessageContaining("exclude must be a string or array of strings");
    assertThatThrownBy(() -> files.listFiles("away", null, true))
        .isInstanceOfSatisfying(
            ToolFailure.class, f -> assertThat(f.type()).isEqualTo("path_outside_root"));
    assertThat(files.delete("tree/a.go", false)).isEqualTo(Map.of("success", true));
    assertThat(files.delete("tree/a.go", false)).isEqualTo(Map.of("success", false));
    assertThatThrownBy(() -> files.delete("tree/deep", false))
        .hasMessageContaining("recursive flag required");
    assertThat(files.delete("tree/deep", true)).isEqualTo(Map.of("success", true));
    assertThat(root.resolve("tree/deep")).doesNotExist();
    assertThatThrownBy(() -> files.delete("escape.txt", false)).isInstanceOf(ToolFailure.class);
    assertThat(outside.resolve("secret.txt")).exists();
    assertThatThrownBy(() -> files.delete("away", true)).isInstanceOf(ToolFailure.class);
    assertThat(outside).exists();
  }

  @Test
  void noPathLeavesTheRoot() {
    for (String path :
        List.of(
            "../outside/secret.txt",
            outside.resolve("secret.txt").toString(),
            "escape.txt",
            "away/secret.txt",
            "away/planted.txt",
            "sub/../../outside/secret.txt",
            "dangling")) {
      // each tool on its own: a read that leaks a file must fail this even if the write is refused
      assertThatThrownBy(() -> files.read(path))
          .as("read " + path)
          .isInstanceOfSatisfying(
              ToolFailure.class,
              f -> {
                assertThat(f.type()).isIn("path_outside_root", "file_not_found");
                assertThat(f.retryable()).isFalse();
              });
      assertThatThrownBy(() -> files.write(path, "x", false, null))
          .as("write " + path)
          .isInstanceOfSatisfying(
              ToolFailure.class,
              f -> {
                assertThat(f.type()).isIn("path_outside_root", "file_not_found");
                assertThat(f.retryable()).isFalse();
              });
    }
    assertThatThrownBy(() -> files.write("away/planted.txt", "x", false, null))
        .isInstanceOfSatisfying(
            ToolFailure.class, f -> assertThat(f.type()).isEqualTo("path_outside_root"));
    assertThat(outside.resolve("planted.txt")).doesNotExist();
  }

  @Test
  void fetchRefusesInternalAddressesUnlessAllowedAndCapsBodiesAndRedirects() throws Exception {
    WebFetch web = new WebFetch();
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    assertThatThrownBy(
            () ->
                web.fetch(
                    "GET", base + "/hello", Map.of(), null, false, 40, Duration.ofSeconds(5), 3))
        .isInstanceOfSatisfying(
            ToolFailure.class, f -> assertThat(f.type()).isEqualTo("address_not_allowed"));
    WebFetch.Response r =
        web.fetch("GET", base + "/hello", Map.of(), null, true, 40, Duration.ofSeconds(5), 3);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).hasSize(40).startsWith("hello from");
    assertThat(r.truncated()).isTrue();
    assertThatThrownBy(
            () ->
                web.fetch(
                    "GET", base + "/loop", Map.of(), null, true, 40, Duration.ofSeconds(5), 3))
        .isInstanceOfSatisfying(
            ToolFailure.class, f -> assertThat(f.type()).isEqualTo("too_many_redirects"));
    assertThatThrownBy(
            () ->
                web.fetch(
                    "GET",
                    "file:///etc/passwd",
                    Map.of(),
                    null,
                    true,
                    40,
                    Duration.ofSeconds(5),
                    3))
        .isInstanceOfSatisfying(
            ToolFailure.class, f -> assertThat(f.type()).isEqualTo("invalid_tool_input"));
  }

  @Test
  void internalAddressesAreRecognised() throws Exception {
    for (String a :
        List.of(
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fc00::1",
            "fe80::1",
            "224.0.0.1")) {
      assertThat(WebFetch.isInternal(InetAddress.getByName(a))).as(a).isTrue();
    }
    for (String a : List.of("8.8.8.8", "1.1.1.1", "2606:4700::1111")) {
      assertThat(WebFetch.isInternal(InetAddress.getByName(a))).as(a).isFalse();
    }
    assertThatThrownBy(() -> WebFetch.checkPublic(URI.create("http://localhost/x")))
        .isInstanceOfSatisfying(
            ToolFailure.class, f -> assertThat(f.type()).isEqualTo("address_not_allowed"));
  }

  @Test
  void commandsRunOnlyFromTheAllowListWithinTheirTimeAndAnswerAsCompozys() throws Exception {
    CommandTool exec = new CommandTool(List.of("echo", "sleep", "sh"), Duration.ofSeconds(1), 8);
    Map<String, Object> out =
        exec.run(
            new CommandTool.Request("echo", List.of("hello", "; rm -rf /"), root, null, Map.of()));
    assertThat(out)
        .containsEntry("exit_code", 0)
        .containsEntry("success", true)
        .containsEntry("stdout", "hello ; ")
        .containsEntry("stdout_truncated", true)
        .containsEntry("stderr_truncated", false)
        .containsEntry("timed_out", false)
        .containsKey("duration_ms");
    Map<String, Object> failed =
        exec.run(
            new CommandTool.Request(
                "sh",
                List.of("-c", "echo $GREETING; exit 3"),
                root,
                null,
                Map.of("GREETING", "hey")));
    assertThat(failed)
        .containsEntry("exit_code", 3)
        .containsEntry("success", false)
        .containsEntry("stdout", "hey\n");
    assertThatThrownBy(
            () ->
                exec.run(new CommandTool.Request("rm", List.of("-rf", "x"), root, null, Map.of())))
        .isInstanceOfSatisfying(
            ToolFailure.class, f -> assertThat(f.type()).isEqualTo("command_not_allowed"));
    Map<String, Object> slow =
        exec.run(
            new CommandTool.Request("sleep", List.of("5"), root, Duration.ofMillis(200), Map.of()));
    assertThat(slow)
        .containsEntry("timed_out", true)
        .containsEntry("success", false)
        .containsEntry("exit_code", -1);
    assertThat((Long) slow.get("duration_ms")).isLessThan(900L);
    Map<String, Object> capped =
        exec.run(
            new CommandTool.Request("sleep", List.of("5"), root, Duration.ofSeconds(60), Map.of()));
    assertThat(capped)
        .containsEntry("timed_out", true); // the configured 1 s is the most a call may ask
    assertThatThrownBy(
            () ->
                new CommandTool(List.of(), Duration.ofSeconds(1), 8)
                    .run(new CommandTool.Request("echo", List.of(), root, null, Map.of())))
        .hasMessageContaining("none are");
  }
}
