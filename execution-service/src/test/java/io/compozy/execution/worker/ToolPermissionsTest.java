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
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code runtime.permissions} (Deno/Bun-style flags, as Compozy's projects write them) run Node
 * tools under Node's permission model: what the flags do not allow, a tool cannot do.
 */
class ToolPermissionsTest {
  @TempDir static Path project;
  @TempDir static Path elsewhere;
  static Path tools;
  static NodeToolRunner runner;

  @BeforeAll
  static void writeTools() throws Exception {
    Files.writeString(elsewhere.resolve("secret.txt"), "outside the project");
    tools = project.resolve("tools.mjs");
    Files.writeString(
        tools,
        """
        import { readFileSync, writeFileSync } from "node:fs";
        export default {
          read: async ({ path }) => ({ text: readFileSync(path, "utf8") }),
          write: async ({ path }) => { writeFileSync(path, "x"); return { written: true }; },
        };
        """);
    runner =
        new NodeToolRunner(
            new ToolWorkerProperties("node", Duration.ofSeconds(10), Duration.ofSeconds(20)));
  }

  @AfterAll
  static void stop() {
    runner.destroy();
  }

  static ToolOutcome run(String tool, String path, @Nullable List<String> permissions) {
    ToolStep step =
        new ToolStep(
            "m",
            "exec_1",
            "wf",
            "t",
            "exec_1/t/1",
            1,
            tool,
            Map.of("path", path),
            Map.of(),
            new RuntimeSpec("node", tools.toString(), permissions),
            Instant.now().plusSeconds(60));
    return runner.run(step, Instant.now()).join();
  }

  @Test
  void withoutAllowReadAToolReadsOnlyItsOwnFolder() {
    String secret = elsewhere.resolve("secret.txt").toString();
    assertThat(run("read", secret, List.of("--allow-net")))
        .isInstanceOfSatisfying(
            ToolOutcome.Failed.class,
            f ->
                assertThat(f.error().message())
                    .containsAnyOf("ERR_ACCESS_DENIED", "Access to this API has been restricted"));
    assertThat(run("read", secret, List.of("--allow-read")))
        .isEqualTo(new ToolOutcome.Succeeded(Map.of("text", "outside the project")));
    assertThat(run("read", tools.toString(), List.of())).isInstanceOf(ToolOutcome.Succeeded.class);
  }

  @Test
  void writingNeedsAllowWriteAndAllowAllDropsTheModel() {
    String target = elsewhere.resolve("out.txt").toString();
    assertThat(run("write", target, List.of("--allow-read")))
        .isInstanceOfSatisfying(
            ToolOutcome.Failed.class,
            f ->
                assertThat(f.error().message())
                    .containsAnyOf("ERR_ACCESS_DENIED", "Access to this API has been restricted"));
    assertThat(elsewhere.resolve("out.txt")).doesNotExist();
    assertThat(run("write", target, List.of("--allow-write=" + elsewhere)))
        .isEqualTo(new ToolOutcome.Succeeded(Map.of("written", true)));
    assertThat(run("write", target, List.of("-A")))
        .isEqualTo(new ToolOutcome.Succeeded(Map.of("written", true)));
    assertThat(run("read", elsewhere.resolve("secret.txt").toString(), null))
        .as("no permissions: no model")
        .isInstanceOf(ToolOutcome.Succeeded.class);
  }
}
