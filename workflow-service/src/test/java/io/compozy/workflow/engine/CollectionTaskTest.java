package io.compozy.workflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.compozy.contracts.execution.ExecutionStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A collection task: items, filter, modes, batches and strategies. */
class CollectionTaskTest {
  static final String YAML =
      """
      id: each
      tasks:
        - id: per
          type: collection
          items: "{{ .workflow.input.list }}"
          filter: 'item != "skip"'
          item_var: word
          mode: %s
          task:
            id: shout
            tool: work
            retries: 1
            with: { text: "{{ .word }}", at: "{{ .index }}" }
      """;

  @Test
  void runsTheTaskPerItemAndKeepsItemOrder() {
    Scenario s =
        Scenario.of(YAML.formatted("parallel"))
            .start(Map.of("list", List.of("a", "skip", "b", "c")));
    assertThat(s.dispatchedPaths()).containsExactly("per[0]", "per[1]", "per[2]");
    assertThat(s.step("per[1]").input()).isEqualTo(Map.of("text", "b", "at", 2));
    s.succeed("per[2]", "C").succeed("per[0]", "A").succeed("per[1]", "B");
    assertThat(s.status()).isEqualTo(ExecutionStatus.SUCCESS);
    assertThat(s.task("per").output()).isEqualTo(List.of("A", "B", "C"));
  }

  @Test
  void anIdTemplatedPerItemIsEachItemsOwn() {
    Scenario s =
        Scenario.of(
                YAML.formatted("parallel")
                    .replace("id: shout", "id: \"shout-{{ .index }}-{{ .word }}\""))
            .start(Map.of("list", List.of("a", "skip", "b")));
    assertThat(s.task("per[0]").taskId()).isEqualTo("shout-0-a");
    assertThat(s.task("per[1]").taskId()).isEqualTo("shout-2-b");
    assertThat(s.step("per[1]").taskId()).isEqualTo("per[1]");
    s.succeed("per[0]", "A").succeed("per[1]", "B");
    assertThat(s.status()).isEqualTo(ExecutionStatus.SUCCESS);
    assertThat(s.task("per").output()).isEqualTo(List.of("A", "B"));
  }

  @Test
  void aContainersChildrenAreReadByTheirIdsAsCompozyGivesThem() {
    Scenario s =
        Scenario.of(
                """
                id: kids
                tasks:
                  - id: per
                    type: collection
                    items: "{{ .workflow.input.list }}"
                    task:
                      id: "job-{{ .index }}"
                      tool: work
                outputs:
                  count: "{{ len .tasks.per.children }}"
                  second: '{{ (index .tasks.per.children "job-1").output }}'
                  status: '{{ (index .tasks.per.children "job-0").status }}'
                """)
            .start(Map.of("list", List.of("a", "b")));
    s.succeed("per[0]", "A").succeed("per[1]", "B");
    assertThat(s.status()).isEqualTo(ExecutionStatus.SUCCESS);
    assertThat(s.state().output())
        .isEqualTo(Map.of("count", 2L, "second", "B", "status", "success"));
    // a container with no children still has them, empty (Compozy's examples test `if
    // .tasks.x.children`)
    Scenario none =
        Scenario.of(
                """
                id: kids
                tasks:
                  - id: per
                    type: collection
                    items: "{{ .workflow.input.list }}"
                    task: {id: job, tool: work}
                outputs:
                  any: '{{ if .tasks.per.children }}yes{{ else }}no{{ end }}'
                  about: '{{ .workflow_id }} {{ .status }} {{ eq .workflow_exec_id .workflow.exec_id }}'
                """)
            .start(Map.of("list", List.of()));
    assertThat(none.state().output()).isEqualTo(Map.of("any", "no", "about", "kids success true"));
  }

  @Test
  void sequentialModeRunsOneItemAtATime() {
    Scenario s = Scenario.of(YAML.formatted("sequential")).start(Map.of("list", List.of("a", "b")));
    assertThat(s.dispatchedPaths()).containsExactly("per[0]");
    s.succeed("per[0]", "A");
    assertThat(s.dispatchedPaths()).containsExactly("per[0]", "per[1]");
  }

  @Test
  void noItemsGiveAnEmptyList() {
    Scenario s = Scenario.of(YAML.formatted("parallel")).start(Map.of("list", List.of()));
    assertThat(s.status()).isEqualTo(ExecutionStatus.SUCCESS);
    assertThat(s.task("per").output()).isEqualTo(List.of());
  }

  @Test
  void itemsAreReadAsCompozyReadsThem() {
    // a single value is one item; text holding a JSON array is that array; a map gives {key,
    // value} entries in key order;
    // "a..b" is an inclusive range of numbers or letters
    assertThat(
            Scenario.of(YAML.formatted("parallel")).start(Map.of("list", "nope")).dispatchedPaths())
        .containsExactly("per[0]");
    Scenario json =
        Scenario.of(YAML.formatted("parallel")).start(Map.of("list", "[\"x\", \"skip\", \"y\"]"));
    assertThat(json.dispatchedPaths()).containsExactly("per[0]", "per[1]");
    assertThat(json.step("per[1]").input()).isEqualTo(Map.of("text", "y", "at", 2));
    Scenario map =
        Scenario.of(YAML.formatted("parallel")).start(Map.of("list", Map.of("b", 2, "a", 1)));
    assertThat(map.step("per[0]").input())
        .isEqualTo(Map.of("text", Map.of("key", "a", "value", 1), "at", 0));
    Scenario numbers = Scenario.of(YAML.formatted("parallel")).start(Map.of("list", "3..1"));
    assertThat(numbers.dispatchedPaths()).containsExactly("per[0]", "per[1]", "per[2]");
    assertThat(numbers.step("per[0]").input()).isEqualTo(Map.of("text", 3L, "at", 0));
    Scenario letters = Scenario.of(YAML.formatted("parallel")).start(Map.of("list", "a..c"));
    assertThat(letters.step("per[2]").input()).isEqualTo(Map.of("text", "c", "at", 2));
  }

  @Test
  void itemsPastTheBoundFailTheTask() {
    Scenario s = Scenario.of(YAML.formatted("parallel")).start(Map.of("list", "1..1000000"));
    assertThat(s.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(s.state().error().type()).isEqualTo("invalid_items");
    assertThat(s.state().error().message()).contains("at most 100000");
  }
}
