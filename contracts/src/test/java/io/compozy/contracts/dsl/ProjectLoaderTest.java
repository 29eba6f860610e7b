package io.compozy.contracts.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectLoaderTest {
  @Test
  void loadsTheHelloExample() {
    LoadedProject p = ProjectLoader.load(Path.of("../examples/hello"));
    assertThat(p.project().name()).isEqualTo("hello");
    assertThat(p.project().runtime().entrypoint()).isEqualTo("./tools.js");
    WorkflowDef wf = p.workflows().getFirst();
    assertThat(wf.id()).isEqualTo("my-workflow");
    assertThat(wf.tasks()).extracting(TaskDef::id).containsExactly("shout", "size", "loud", "quiet", "done");
    assertThat(wf.tasks().get(0)).isInstanceOf(BasicTask.class);
    assertThat(wf.tasks().get(1)).isInstanceOfSatisfying(RouterTask.class, r -> assertThat(r.routes()).containsEntry("long", "loud"));
    assertThat(wf.tasks().get(4).endsWorkflow()).isTrue();
    assertThat(wf.inputSchema()).containsKey("required");
  }

  @Test
  void reportsTheFileAndLineOfABadWorkflow(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("compozy.yaml"), "name: x\nworkflows:\n  - source: ./wf.yaml\n  - source: ./missing.yaml\n");
    Files.writeString(dir.resolve("wf.yaml"), "id: wf\ntasks:\n  - id: a\n    type: teleport\n");
    assertThatThrownBy(() -> ProjectLoader.load(dir))
        .isInstanceOfSatisfying(ProjectLoadException.class, e -> {
          assertThat(e.problems()).hasSize(2);
          assertThat(e.problems().get(0)).startsWith("wf.yaml:").contains("teleport");
          assertThat(e.problems().get(1)).isEqualTo("missing.yaml: file not found");
        });
  }
}
