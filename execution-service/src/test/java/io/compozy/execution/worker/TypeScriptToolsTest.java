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
 * A TypeScript entrypoint runs with the project's own tsx; without tsx the failure says how to get
 * it.
 */
class TypeScriptToolsTest {
  static final Path PROJECT = Path.of("target/ts-project").toAbsolutePath();
  @TempDir static Path bare;
  static NodeToolRunner runner;

  @BeforeAll
  static void setUp() throws Exception {
    Files.createDirectories(PROJECT);
    Files.writeString(
        PROJECT.resolve("tools.ts"),
        """
        type Input = { a: number; b: number };
        export default {
          add: async ({ a, b }: Input): Promise<{ sum: number }> => ({ sum: a + b }),
        };
        """);
    if (!Files.isDirectory(PROJECT.resolve("node_modules/tsx"))) {
      Process npm =
          new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--silent", "tsx@4")
              .directory(PROJECT.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      assertThat(npm.waitFor(300, TimeUnit.SECONDS)).isTrue();
      assertThat(npm.exitValue()).as("npm install tsx").isZero();
    }
    Files.writeString(bare.resolve("tools.ts"), "export default { add: async () => 1 };\n");
    runner =
        new NodeToolRunner(
            new ToolWorkerProperties("node", Duration.ofSeconds(10), Duration.ofSeconds(30)));
  }

  @AfterAll
  static void stop() {
    runner.destroy();
  }

  static ToolOutcome run(Path entrypoint) {
    return runner
        .run(
            new ToolStep(
                "m",
                "e",
                "wf",
                "t",
                "e/t/1",
                1,
                "add",
                Map.of("a", 2, "b", 3),
                Map.of(),
                new RuntimeSpec("node", entrypoint.toString()),
                Instant.now().plusSeconds(60)),
            Instant.now())
        .join();
  }

  @Test
  void aTypeScriptToolRunsWithTheProjectsTsx() {
    assertThat(run(PROJECT.resolve("tools.ts")))
        .isEqualTo(new ToolOutcome.Succeeded(Map.of("sum", 5)));
  }

  @Test
  void withoutTsxTheFailureSaysHowToGetIt() {
    assertThat(run(bare.resolve("tools.ts")))
        .isInstanceOfSatisfying(
            ToolOutcome.Failed.class,
            f -> {
              assertThat(f.error().type()).isEqualTo("tool_runtime_error");
              assertThat(f.error().message())
                  .contains("tsx")
                  .contains("npm install --save-dev tsx");
            });
  }
}
