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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built-in tools' bounds: files stay under the root, fetches stay public, commands stay on the list. */
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
    server.createContext("/hello", x -> {
      byte[] body = "hello from the test server, a body longer than the cap of forty bytes".getBytes(StandardCharsets.UTF_8);
      x.sendResponseHeaders(200, body.length);
      x.getResponseBody().write(body);
      x.close();
    });
    server.createContext("/loop", x -> {
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
  void fileToolsReadWriteListAndGrepUnderTheRoot() throws Exception {
    assertThat(files.write("sub/new.txt", "fresh")).containsEntry("bytes", 5);
    assertThat(files.read("sub/new.txt")).containsEntry("content", "fresh").containsEntry("truncated", false);
    assertThat(files.list(".").get("entries").toString()).contains("notes.txt").contains("sub");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> matches = (List<Map<String, Object>>) files.grep("^alpha", ".", 10).get("matches");
    assertThat(matches).extracting(m -> m.get("line")).containsExactly(1, 3);
    assertThat(files.grep("a", ".", 2)).containsEntry("truncated", true);
  }

  @Test
  void listFilesAndDeleteFileAnswerAsCompozysDo() throws Exception {
    files.write("tree/a.go", "package a");
    files.write("tree/a_test.go", "package a");
    files.write("tree/deep/b.go", "package b");
    files.write("tree/deep/notes.md", "notes");
    assertThat(files.listFiles("tree", null, false)).isEqualTo(Map.of("files", List.of("a.go", "a_test.go")));
    assertThat(files.listFiles("tree", List.of("*_test.go", "**/*.md"), true)).isEqualTo(Map.of("files", List.of("a.go", "deep/b.go")));
    // only a negation: what it does not match is excluded (deep/b.go: "*.go" does not cross a slash)
    assertThat(files.listFiles("tree", List.of("!*.go"), true)).isEqualTo(Map.of("files", List.of("a.go", "a_test.go")));
    assertThatThrownBy(() -> files.listFiles("tree/a.go", null, false)).hasMessageContaining("is not a directory");
    assertThatThrownBy(() -> files.listFiles("tree", 42, false)).hasMessageContaining("exclude must be a string or array of strings");
    assertThatThrownBy(() -> files.listFiles("away", null, true)).isInstanceOfSatisfying(ToolFailure.class,
        f -> assertThat(f.type()).isEqualTo("path_outside_root"));
    assertThat(files.delete("tree/a.go", false)).isEqualTo(Map.of("success", true));
    assertThat(files.delete("tree/a.go", false)).isEqualTo(Map.of("success", false));
    assertThatThrownBy(() -> files.delete("tree/deep", false)).hasMessageContaining("recursive flag required");
    assertThat(files.delete("tree/deep", true)).isEqualTo(Map.of("success", true));
    assertThat(root.resolve("tree/deep")).doesNotExist();
    assertThatThrownBy(() -> files.delete("escape.txt", false)).isInstanceOf(ToolFailure.class);
    assertThat(outside.resolve("secret.txt")).exists();
    assertThatThrownBy(() -> files.delete("away", true)).isInstanceOf(ToolFailure.class);
    assertThat(outside).exists();
  }

  @Test
  void noPathLeavesTheRoot() {
    for (String path : List.of("../outside/secret.txt", outside.resolve("secret.txt").toString(), "escape.txt", "away/secret.txt",
        "away/planted.txt", "sub/../../outside/secret.txt", "dangling")) {
      // each tool on its own: a read that leaks a file must fail this even if the write is refused
      assertThatThrownBy(() -> files.read(path)).as("read " + path).isInstanceOfSatisfying(ToolFailure.class, f -> {
        assertThat(f.type()).isIn("path_outside_root", "file_not_found");
        assertThat(f.retryable()).isFalse();
      });
      assertThatThrownBy(() -> files.write(path, "x")).as("write " + path).isInstanceOfSatisfying(ToolFailure.class, f -> {
        assertThat(f.type()).isIn("path_outside_root", "file_not_found");
        assertThat(f.retryable()).isFalse();
      });
    }
    assertThatThrownBy(() -> files.write("away/planted.txt", "x")).isInstanceOfSatisfying(ToolFailure.class,
        f -> assertThat(f.type()).isEqualTo("path_outside_root"));
    assertThat(outside.resolve("planted.txt")).doesNotExist();
    assertThatThrownBy(() -> files.grep("(", ".", 1)).hasMessageContaining("not a valid regular expression");
  }

  @Test
  void fetchRefusesInternalAddressesUnlessAllowedAndCapsBodiesAndRedirects() throws Exception {
    WebFetch web = new WebFetch();
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    assertThatThrownBy(() -> web.fetch("GET", base + "/hello", Map.of(), null, false, 40, Duration.ofSeconds(5), 3))
        .isInstanceOfSatisfying(ToolFailure.class, f -> assertThat(f.type()).isEqualTo("address_not_allowed"));
    WebFetch.Response r = web.fetch("GET", base + "/hello", Map.of(), null, true, 40, Duration.ofSeconds(5), 3);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).hasSize(40).startsWith("hello from");
    assertThat(r.truncated()).isTrue();
    assertThatThrownBy(() -> web.fetch("GET", base + "/loop", Map.of(), null, true, 40, Duration.ofSeconds(5), 3))
        .isInstanceOfSatisfying(ToolFailure.class, f -> assertThat(f.type()).isEqualTo("too_many_redirects"));
    assertThatThrownBy(() -> web.fetch("GET", "file:///etc/passwd", Map.of(), null, true, 40, Duration.ofSeconds(5), 3))
        .isInstanceOfSatisfying(ToolFailure.class, f -> assertThat(f.type()).isEqualTo("invalid_tool_input"));
  }

  @Test
  void internalAddressesAreRecognised() throws Exception {
    for (String a : List.of("127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0",
        "::1", "fc00::1", "fe80::1", "224.0.0.1")) {
      assertThat(WebFetch.isInternal(InetAddress.getByName(a))).as(a).isTrue();
    }
    for (String a : List.of("8.8.8.8", "1.1.1.1", "2606:4700::1111")) {
      assertThat(WebFetch.isInternal(InetAddress.getByName(a))).as(a).isFalse();
    }
    assertThatThrownBy(() -> WebFetch.checkPublic(URI.create("http://localhost/x")))
        .isInstanceOfSatisfying(ToolFailure.class, f -> assertThat(f.type()).isEqualTo("address_not_allowed"));
  }

  @Test
  void commandsRunOnlyFromTheAllowListWithinTheirTime() throws Exception {
    CommandTool exec = new CommandTool(List.of("echo", "sleep"), Duration.ofSeconds(1), 8);
    Map<String, Object> out = exec.run("echo", List.of("hello", "; rm -rf /"), root);
    assertThat(out).containsEntry("exit_code", 0).containsEntry("stdout", "hello ; ").containsEntry("truncated", true);
    assertThatThrownBy(() -> exec.run("rm", List.of("-rf", "x"), root))
        .isInstanceOfSatisfying(ToolFailure.class, f -> assertThat(f.type()).isEqualTo("command_not_allowed"));
    assertThatThrownBy(() -> exec.run("sleep", List.of("5"), root))
        .isInstanceOfSatisfying(ToolFailure.class, f -> {
          assertThat(f.type()).isEqualTo("exec_timeout");
          assertThat(f.retryable()).isTrue();
        });
    assertThatThrownBy(() -> new CommandTool(List.of(), Duration.ofSeconds(1), 8).run("echo", List.of(), root))
        .hasMessageContaining("none are");
  }
}
