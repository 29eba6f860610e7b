package io.compozy.cli.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TaskTreeTest {
  @Test
  void containersHoldTheirChildrenAndCollectionItems() {
    TaskTree tree = new TaskTree("digest");
    tree.workflow("running");
    tree.task("fetch", "success", 1);
    tree.task("each", "running", 1);
    tree.task("each[0]", "success", 1);
    tree.task("each[1]", "running", 2);
    tree.task("fan", "running", 1);
    tree.task("fan/a", "waiting", 1);
    assertThat(tree.render())
        .containsExactly(
            "├─ fetch  success",
            "├─ each  running",
            "│  ├─ [0]  success",
            "│  └─ [1]  running (attempt 2)",
            "└─ fan  running",
            "   └─ a  waiting");
    assertThat(tree.progress(Duration.ofMillis(1500)))
        .isEqualTo("digest running · 2 of 6 tasks done, 3 running, 1 waiting, 0 failed · 1.5s");
  }

  @Test
  void aTaskWhoseContainerHasNoEventShowsAtTheTop() {
    TaskTree tree = new TaskTree("w");
    tree.task("outer/inner", "failed", null);
    assertThat(tree.render()).containsExactly("└─ outer/inner  failed");
    assertThat(TaskTree.parent("a[2]/b")).isEqualTo("a[2]");
    assertThat(TaskTree.parent("a/b[2]")).isEqualTo("a/b");
    assertThat(TaskTree.parent("top")).isNull();
  }
}
