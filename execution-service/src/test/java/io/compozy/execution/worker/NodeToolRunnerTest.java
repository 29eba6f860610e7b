package io.compozy.execution.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.compozy.contracts.message.RuntimeSpec;
import io.compozy.contracts.message.ToolStep;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Script tools run in a real Node.js process; every way a tool can fail becomes a StepFailed. */
class NodeToolRunnerTest {
  @TempDir static Path dir;
  static Path tools;
  static NodeToolRunner runner;

  @BeforeAll
  static void writeTools() throws Exception {
    tools = dir.resolve("tools.js");
    Files.writeString(
        tools,
        """
        export default {
          shout: async ({ text }) => { console.log("logging does not break the protocol"); return { text: \
        String(text).toUpperCase() }; },
          boom: async () => { throw new TypeError("bad things"); },
          slow: async () => new Promise((resolve) => setTimeout(() => resolve({ late: true }), 5000)),
          nothing: async () => undefined,
          spin: async () => { for (;;) {} },
          exit: async () => { process.exit(7); },
          chatty: async () => { for (let i = 0; i < 10000; i++) console.log("line " + i); \
        process.stdout.write("raw write\\n"); return { done: true }; },
          bigint: async () => ({ n: 10n }),
          pid: async () => new Promise((resolve) => setTimeout(() => resolve({ pid: process.pid }), 300)),
        };
        """);
    runner =
        new NodeToolRunner(
            new ToolWorkerProperties("node", Duration.ofSeconds(2), Duration.ofSeconds(20)));
  }

  @AfterAll
  static void stop() {
    runner.destroy();
  }

  static ToolStep step(String tool, Map<String, Object> input, Path entrypoint) {
    Instant now = Instant.now();
    return new ToolStep(
        "m",
        "exec_1",
        "wf",
        "t",
        "exec_1/t/1",
        1,
        tool,
        input,
        Map.of(),
        new RuntimeSpec("node", entrypoint.toString()),
        now.plusSeconds(60));
  }

  static ToolOutcome run(ToolStep step) {
    return runner.run(step, Instant.now()).join();
  }

  @Test
  void aToolsResultIsItsOutputWithWhatItPrinted() {
    assertThat(run(step("shout", Map.of("text", "hey"), tools)))
        .isEqualTo(
            new ToolOutcome.Succeeded(
                Map.of("text", "HEY"), List.of("logging does not break the protocol")));
    assertThat(run(step("nothing", Map.of(), tools))).isEqualTo(new ToolOutcome.Succeeded(null));
  }

  @Test
  void aToolThatSpinsForeverTimesOutAndItsProcessIsReplaced() {
    assertThat(run(step("spin", Map.of(), tools)))
        .isInstanceOfSatisfying(
            ToolOutcome.Failed.class,
            f -> {
              assertThat(f.error().type()).isEqualTo("tool_timeout");
              assertThat(f.retryable()).isTrue();
            });
    assertThat(run(step("shout", Map.of("text", "still here"), tools)))
        .isInstanceOf(ToolOutcome.Succeeded.class);
  }

  @Test
  void aToolThatEndsItsProcessFailsAndThePoolGoesOn() {
    assertThat(run(step("exit", Map.of(), tools)))
        .isInstanceOfSatisfying(
            ToolOutcome.Failed.class,
            f -> {
              assertThat(f.error().type()).isEqualTo("tool_runtime_error");
              assertThat(f.error().message()).contains("exited");
              assertThat(f.retryable()).isTrue();
            });
    assertThat(run(step("shout", Map.of("text", "again"), tools)))
        .isInstanceOf(ToolOutcome.Succeeded.class);
  }

  @Test
  void whatAChattyToolPrintsIsCappedAndTheProtocolHolds() {
    assertThat(run(step("chatty", Map.of(), tools)))
        .isInstanceOfSatisfying(
            ToolOutcome.Succeeded.class,
            s -> {
              assertThat(s.output()).isEqualTo(Map.of("done", true));
              assertThat(s.logs())
                  .hasSize(201)
                  .startsWith("line 0", "line 1")
                  .endsWith("... 9801 more lines not kept");
            });
  }

  @Test
  void aResultThatIsNotJsonIsATerminalFailure() {
    assertThat(run(step("bigint", Map.of(), tools)))
        .isInstanceOfSatisfying(
            ToolOutcome.Failed.class,
            f -> {
              assertThat(f.error().type()).isEqualTo("tool_invalid_output");
              assertThat(f.error().message()).contains("not JSON");
              assertThat(f.retryable()).isFalse();
            });
    assertThat(run(step("shout", Map.of("text", "fine"), tools)))
        .isInstanceOf(ToolOutcome.Succeeded.class);
  }

  @Test
  void concurrentCallsSpreadOverTheWarmProcesses() {
    var a = runner.run(step("pid", Map.of(), tools), Instant.now());
    var b = runner.run(step("pid", Map.of(), tools), Instant.now());
    Object pidA = ((ToolOutcome.Succeeded) a.join()).output();
    Object pidB = ((ToolOutcome.Succeeded) b.join()).output();
    assertThat(pidA).isNotEqualTo(pidB);
  }

  @Test
  void aToolThatThrowsFailsRetryablyWithItsMessage() {
    assertThat(run(step("boom", Map.of(), tools)))
        .isInstanceOfSatisfying(
            ToolOutcome.Failed.class,
            f -> {
              assertThat(f.error().type()).isEqualTo("tool_error");
              assertThat(f.error().message()).isEqualTo("TypeError: bad things");
              assertThat(f.retryable()).isTrue();
            });
  }

  @Test
  void aToolTheEntrypointDoesNotExportIsTerminal() {
    assertThat(run(step("missing", Map.of(), tools)))
        .isInstanceOfSatisfying(
            ToolOutcome.Failed.class,
            f -> {
              assertThat(f.error().type()).isEqualTo("tool_not_found");
              assertThat(f.retryable()).isFalse();
            });
  }

  @Test
  void aToolThatRunsTooLongTimesOut() {
    assertThat(run(step("slow", Map.of(), tools)))
        .isInstanceOfSatisfying(
            ToolOutcome.Failed.class, f -> assertThat(f.error().type()).isEqualTo("tool_timeout"));
  }

  @Test
  void aMissingEntrypointIsTerminal() {
    assertThat(run(step("shout", Map.of(), dir.resolve("nope.js"))))
        .isInstanceOfSatisfying(
            ToolOutcome.Failed.class,
            f -> {
              assertThat(f.error().type()).isEqualTo("tool_runtime_missing");
              assertThat(f.retryable()).isFalse();
            });
  }

  @Test
  void anEntrypointThatDoesNotLoadNamesNodesError() throws Exception {
    Path broken = dir.resolve("broken.js");
    Files.writeString(broken, "export default { x: async () => 1 ;\n");
    assertThat(run(step("x", Map.of(), broken)))
        .isInstanceOfSatisfying(
            ToolOutcome.Failed.class,
            f -> {
              assertThat(f.error().type()).isEqualTo("tool_runtime_error");
              assertThat(f.error().message())
                  .contains("cannot start tools")
                  .contains("SyntaxError");
            });
  }
}
