package io.compozy.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.compozy.cli.Compozy;
import io.compozy.cli.ExitCode;
import io.compozy.cli.Session;
import io.compozy.gateway.auth.ApiKeys;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code compozy}, the CLI, against the whole platform as a user runs it: logged in once, the
 * overview's flow, a project applied (dry run first), an execution watched and steered, refusals as
 * one line and the documented exit code.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliIntegrationTest {
  @TempDir static Path data;
  @TempDir static Path config;
  @TempDir static Path work;
  static final String ADMIN = ApiKeys.generate();
  static Standalone platform;

  @BeforeAll
  static void start() {
    platform = Standalone.start(new StandaloneOptions(data, null, 0, 0, 0, 0, 0, ADMIN));
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  /** One run of the CLI: its exit code and what it printed. */
  record Run(int exit, String out, String err) {}

  static Run cli(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Session s =
        new Session(
            env,
            config,
            new PrintWriter(out),
            new PrintWriter(err),
            new BufferedReader(new StringReader("")),
            false);
    int exit = Compozy.run(s, args);
    return new Run(exit, out.toString(), err.toString());
  }

  /** The CLI as a user has it after {@code compozy login}: no key in the environment. */
  static Run cli(String... args) {
    return cli(Map.of(), args);
  }

  static String url() {
    return "http://127.0.0.1:" + platform.gatewayPort();
  }

  @Test
  @Order(1)
  void loginChecksTheKeyAndStoresIt() {
    Run refused = cli(Map.of("COMPOZY_API_KEY", "cpzy_" + "A".repeat(43)), "login", "--url", url());
    assertThat(refused.exit()).as(refused.err()).isEqualTo(ExitCode.DENIED.code());
    assertThat(refused.err()).startsWith("error: ").doesNotContain("Exception");
    assertThat(config.resolve("login.json")).doesNotExist();

    Run ok = cli(Map.of("COMPOZY_API_KEY", ADMIN), "login", "--url", url());
    assertThat(ok.exit()).as(ok.err()).isZero();
    assertThat(ok.out()).contains("Logged in to " + url());
    assertThat(config.resolve("login.json")).exists();
  }

  /**
   * On a real terminal (a pseudo-terminal made by util-linux's {@code script}) the CLI, run as its
   * own process, redraws the task tree in place: the cursor goes up over the lines drawn and clears
   * them, and the last drawing is the finished tree with its progress line.
   */
  @Test
  @Order(2)
  void onATerminalTheWatchRedrawsTheTreeInPlace() throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/script")),
        "util-linux's script is not installed: no pseudo-terminal to run the CLI on");
    // the class path goes in a java argument file: too long for one command line
    Path args = Files.createTempFile("compozy-cli", ".args");
    Files.writeString(
        args,
        "-cp\n\""
            + System.getProperty("java.class.path")
            + "\"\nio.compozy.cli.Compozy\n"
            + "run\nmy-workflow\n--input\n\"{\\\"message\\\": \\\"Hello, world!\\\"}\"\n--watch\n");
    String javaCommand = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder terminal =
        new ProcessBuilder("/usr/bin/script", "-qec", javaCommand + " @" + args, "/dev/null")
            .redirectErrorStream(true);
    terminal.environment().put("COMPOZY_URL", url());
    terminal.environment().put("COMPOZY_API_KEY", ADMIN);
    Process p = terminal.start();
    p.getOutputStream().close();
    String out;
    try (var in = p.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } finally {
      Files.deleteIfExists(args);
    }
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(out).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out)
        .contains("started exec_")
        .containsPattern("\u001b\\[\\d+A\u001b\\[J")
        .contains("└─ done  success")
        .contains("greeting: \"HELLO, WORLD!!!!\"");
  }

  /**
   * The API overview's flow: start my-workflow with the greeting, follow it to its end, read its
   * output.
   */
  @Test
  @Order(2)
  void theOverviewFlowRunsAndIsWatchedToItsEnd() {
    Run watched =
        cli("run", "my-workflow", "--input", "{\"message\": \"Hello, world!\"}", "--watch");
    assertThat(watched.exit()).as(watched.err()).isZero();
    assertThat(watched.out())
        .contains("started exec_")
        .contains("task shout running")
        .contains("task shout success")
        .contains("└─ done  success")
        .containsOnlyOnce("workflow running")
        .contains(" success\nchars: 13\ngreeting: \"HELLO, WORLD!!!!\"");

    Run sync = cli("run", "my-workflow", "-i", "message: hi", "--sync", "-o", "json");
    assertThat(sync.exit()).as(sync.err()).isZero();
    assertThat(sync.out()).contains("\"status\" : \"success\"").contains("\"greeting\" : \"HI\"");

    Run invalid = cli("run", "my-workflow", "--input", "{}");
    assertThat(invalid.exit()).isEqualTo(ExitCode.REFUSED.code());
    assertThat(invalid.err()).contains("message");

    Run listed = cli("executions", "list", "--workflow", "my-workflow");
    assertThat(listed.exit()).isZero();
    assertThat(listed.out()).startsWith("EXEC ID").contains("my-workflow").contains("success");
  }

  @Test
  @Order(3)
  void applyShowsWhatWouldChangeThenChangesIt() throws Exception {
    Path project = work.resolve("hello");
    copy(Path.of("../../examples/hello"), project);
    Files.writeString(
        project.resolve("compozy.yaml"),
        Files.readString(project.resolve("compozy.yaml"))
            .replace(
                "  - source: ./workflows/my-workflow.yaml",
                "  - source: ./workflows/my-workflow.yaml\n  - source: ./workflows/approval.yaml"));
    Files.writeString(
        project.resolve("workflows/approval.yaml"),
        """
        id: approval
        description: Waits for someone to approve.
        tasks:
          - id: hold
            type: wait
            wait_for: approve
            condition: 'true'
          - id: done
            type: aggregate
            outputs:
              by: "{{ .tasks.hold.output.signal.payload.by }}"
        outputs:
          by: "{{ .tasks.done.output.by }}"
        """);

    Run dry = cli("apply", project.toString(), "--dry-run");
    assertThat(dry.exit()).as(dry.err()).isZero();
    assertThat(dry.out())
        .containsPattern("workflows\\s+approval\\s+created \\(dry run\\)")
        .containsPattern("workflows\\s+my-workflow\\s+unchanged")
        .contains("(dry run: nothing was stored)");
    assertThat(cli("workflows", "get", "approval").exit()).isEqualTo(ExitCode.NOT_FOUND.code());

    Run applied = cli("apply", project.toString());
    assertThat(applied.exit()).as(applied.err()).isZero();
    assertThat(applied.out())
        .containsPattern("workflows\\s+approval\\s+created\n")
        .contains("1 created, 0 updated");
    assertThat(cli("workflows", "list").out())
        .containsPattern("approval\\s+-\\s+2\\s+Waits for someone to approve.");
    assertThat(cli("workflows", "get", "approval", "-o", "json").out())
        .contains("\"id\" : \"approval\"");
    // the project the server runs, applied again: its tools still resolve, nothing changes
    assertThat(cli("apply", project.toString()).out()).contains("0 created, 0 updated");
    assertThat(cli("run", "my-workflow", "-i", "message: again", "--sync").exit()).isZero();
    // Compozy's reload from the server's own project directory (which has no approval workflow)
    var reload =
        new PlatformClient(() -> platform.gatewayPort(), ADMIN)
            .call("POST", "/admin/reload?source=repo", null);
    assertThat(reload.statusCode()).as(reload.body()).isEqualTo(200);
    assertThat(PlatformClient.data(reload))
        .containsEntry("source", "repo")
        .containsKey("project_dir");
    // Compozy's project file: written into the server's directory (its workflow sources kept), read
    // back unchanged
    var admin = new PlatformClient(() -> platform.gatewayPort(), ADMIN);
    var exported = admin.call("POST", "/project/export", null);
    assertThat(exported.statusCode()).as(exported.body()).isEqualTo(200);
    Path written = Path.of((String) PlatformClient.data(exported).get("path"));
    assertThat(Files.readString(written))
        .contains("name: hello")
        .contains("entrypoint: ./tools.js")
        .contains("workflows:")
        .contains("my-workflow.yaml")
        .doesNotStartWith("---");
    var imported = admin.call("POST", "/project/import?strategy=overwrite_conflicts", null);
    assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
    assertThat(PlatformClient.data(imported))
        .containsEntry("imported", 0)
        .containsEntry("overwritten", 0)
        .containsEntry("skipped", 1);

    Files.writeString(
        project.resolve("workflows/approval.yaml"),
        "id: approval\ntasks:\n  - id: a\n    tool: nowhere\n");
    Run broken = cli("apply", project.toString());
    assertThat(broken.exit()).isEqualTo(ExitCode.REFUSED.code());
    assertThat(broken.err())
        .contains("workflows/approval.yaml:4:5 tasks[0].tool: no tool 'nowhere'");
    assertThat(cli("apply", work.toString()).err())
        .isEqualTo("error: " + work + " is not a project: it has no compozy.yaml\n");
  }

  @Test
  @Order(4)
  void anExecutionIsSteeredFromTheTerminal() throws Exception {
    String execId = field(cli("run", "approval", "-o", "json").out(), "exec_id");
    awaitStatus(execId, "waiting");
    assertThat(cli("executions", "pause", execId).out()).isEqualTo(execId + " pause requested\n");
    awaitStatus(execId, "paused");
    assertThat(cli("executions", "resume", execId).exit()).isZero();
    awaitStatus(execId, "waiting");
    assertThat(
            cli("executions", "signal", execId, "approve", "--payload", "{\"by\": \"ann\"}").exit())
        .isZero();
    Run watched = cli("executions", "watch", execId);
    assertThat(watched.exit()).as(watched.err()).isZero();
    assertThat(cli("executions", "get", execId, "-o", "yaml").out())
        .contains("status: success")
        .contains("by: ann");

    String other = field(cli("run", "approval", "-o", "json").out(), "exec_id");
    awaitStatus(other, "waiting");
    assertThat(cli("executions", "cancel", other).exit()).isZero();
    Run canceled = cli("executions", "watch", other);
    assertThat(canceled.exit()).isEqualTo(ExitCode.EXECUTION_FAILED.code());
    assertThat(canceled.out()).contains(other + " canceled");

    Run missing = cli("executions", "get", "exec_nope");
    assertThat(missing.exit()).isEqualTo(ExitCode.NOT_FOUND.code());
    assertThat(missing.err()).startsWith("error: ").hasLineCount(1);
  }

  /**
   * A watch outlives a restart of the service that streams: the stream drops, the gateway answers
   * 503 for a moment, and the CLI resumes after the last event it saw until the execution ends.
   */
  @Test
  @Order(4)
  void aWatchResumesAcrossARestartOfTheStreamingService() throws Exception {
    String execId = field(cli("run", "approval", "-o", "json").out(), "exec_id");
    awaitStatus(execId, "waiting");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Session s =
        new Session(
            Map.of(),
            config,
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            new BufferedReader(new StringReader("")),
            false);
    var watch = CompletableFuture.supplyAsync(() -> Compozy.run(s, "executions", "watch", execId));
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> out.toString().contains("task hold running"));

    platform.restartService("execution-service");
    var admin = new PlatformClient(() -> platform.gatewayPort(), ADMIN);
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                admin
                        .call(
                            "POST",
                            "/executions/workflows/" + execId + "/signals",
                            "{\"signal_name\": \"approve\", \"payload\": {\"by\": \"bo\"}}")
                        .statusCode()
                    == 202);

    assertThat(watch.get(90, TimeUnit.SECONDS)).as(out + "\n" + err).isZero();
    assertThat(out.toString()).contains(execId + " success").containsOnlyOnce("task hold running");
  }

  @Test
  @Order(5)
  void keysAreCreatedUsedWithinTheirRoleAndRevoked() throws Exception {
    Run created = cli("keys", "create", "--name", "ci-reader", "--role", "read", "-o", "json");
    assertThat(created.exit()).as(created.err()).isZero();
    String key = field(created.out(), "key");
    String id = field(created.out(), "id");
    Map<String, String> reader =
        new HashMap<>(Map.of("COMPOZY_API_KEY", key, "COMPOZY_URL", url()));
    assertThat(cli(reader, "workflows", "list").exit()).isZero();
    Run denied = cli(reader, "apply", work.resolve("hello").toString());
    assertThat(denied.exit()).isEqualTo(ExitCode.DENIED.code());
    assertThat(cli("keys", "list").out()).contains("ci-reader");
    assertThat(cli("keys", "revoke", id).exit()).isZero();
    assertThat(cli(reader, "workflows", "list").exit()).isEqualTo(ExitCode.DENIED.code());
    assertThat(cli("schedules", "list").exit()).isZero();
    assertThat(cli("logout").out()).contains("Logged out");
    assertThat(cli("workflows", "list").exit()).isEqualTo(ExitCode.DENIED.code());
  }

  private static void awaitStatus(String execId, String status) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                cli("executions", "get", execId, "-o", "json")
                    .out()
                    .contains("\"status\" : \"" + status + "\""));
  }

  @SuppressWarnings("unchecked")
  private static String field(String json, String name) throws IOException {
    Map<String, Object> m = new ObjectMapper().readValue(json, Map.class);
    return String.valueOf(m.get(name));
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
  }
}
