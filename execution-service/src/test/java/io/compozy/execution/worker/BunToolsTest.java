package io.compozy.execution.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.compozy.contracts.message.RuntimeSpec;
import io.compozy.contracts.message.ToolStep;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code runtime.type: bun} runs tools with a real Bun (its own APIs, TypeScript without tsx), as
 * Compozy's projects expect: the project installs Bun from npm (@oven/bun-linux-x64, into target/
 * on first use, as a user would into the project) and the worker finds it in the project's
 * node_modules.
 */
class BunToolsTest {
  static final Path PROJECT = Path.of("target/bun-project").toAbsolutePath();
  @TempDir static Path dir;
  static Path tools;
  static NodeToolRunner runner;

  @BeforeAll
  static void writeTools() throws Exception {
    Files.createDirectories(PROJECT);
    if (!Files.isExecutable(PROJECT.resolve("node_modules/@oven/bun-linux-x64/bin/bun"))) {
      Process npm =
          new ProcessBuilder(
                  "npm",
                  "install",
                  "--no-audit",
                  "--no-fund",
                  "--silent",
                  "@oven/bun-linux-x64@1.4.4")
              .directory(PROJECT.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      assertThat(npm.waitFor(300, TimeUnit.SECONDS)).isTrue();
      assertThat(npm.exitValue()).as("npm install @oven/bun-linux-x64").isZero();
    }
    tools = PROJECT.resolve("entrypoint.ts");
    Files.writeString(
        tools,
        """
        type SaveInput = { path: string; text: string };
        export default {
          save: async ({ path, text }: SaveInput) => {
            const bytes: number = await Bun.write(path, text);
            return { bytes, runtime: typeof Bun === "undefined" ? "node" : "bun" };
          },
        };
        """);
    // a name no PATH has: the project's own Bun is the one found
    runner =
        new NodeToolRunner(
            new ToolWorkerProperties(
                "node",
                Duration.ofSeconds(20),
                Duration.ofSeconds(30),
                null,
                null,
                "bun-not-on-any-path"));
  }

  @AfterAll
  static void stop() {
    runner.destroy();
  }

  static ToolStep step(String type, Path entrypoint) {
    Instant now = Instant.now();
    return new ToolStep(
        "m",
        "exec_1",
        "wf",
        "t",
        "exec_1/t/1",
        1,
        "save",
        Map.of("path", dir.resolve("out.txt").toString(), "text", "hello"),
        Map.of(),
        new RuntimeSpec(type, entrypoint.toString()),
        now.plusSeconds(60));
  }

  @Test
  void aBunToolUsesBunsOwnApisAndTypeScript() throws Exception {
    ToolOutcome outcome = runner.run(step("bun", tools), Instant.now()).join();
    assertThat(outcome)
        .isInstanceOfSatisfying(
            ToolOutcome.Succeeded.class,
            s -> assertThat(s.output()).isEqualTo(Map.of("bytes", 5, "runtime", "bun")));
    assertThat(dir.resolve("out.txt")).hasContent("hello");
  }

  @Test
  void aMissingBunAndAnUnknownRuntimeAreClearFailures() throws Exception {
    Path elsewhere =
        Files.writeString(
            dir.resolve("entrypoint.ts"), "export default { save: async () => ({}) };\n");
    assertThat(runner.run(step("bun", elsewhere), Instant.now()).join())
        .isInstanceOfSatisfying(
            ToolOutcome.Failed.class,
            f ->
                assertThat(f.error().message())
                    .contains("runtime type bun: Bun was not found")
                    .contains("npm install @oven/bun-linux-x64"));
    assertThat(runner.run(step("deno", tools), Instant.now()).join())
        .isInstanceOfSatisfying(
            ToolOutcome.Failed.class,
            f -> {
              assertThat(f.error().type()).isEqualTo("tool_runtime_missing");
              assertThat(f.error().message())
                  .contains("runtime type 'deno' is not supported: node or bun");
            });
  }
}
