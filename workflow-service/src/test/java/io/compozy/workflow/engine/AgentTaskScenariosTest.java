package io.compozy.workflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.compozy.contracts.dsl.KnowledgeBaseDef;
import io.compozy.contracts.dsl.ToolDef;
import io.compozy.contracts.execution.ExecutionStatus;
import io.compozy.contracts.json.Json;
import io.compozy.contracts.message.AgentStep;
import io.compozy.contracts.message.StepSucceeded.Usage;
import io.compozy.contracts.message.TimerKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Agent tasks: what the engine resolves into an agent step, and each way resolving fails the task.
 */
class AgentTaskScenariosTest {
  static final String WORKFLOW =
      """
      id: wf
      agents:
        - id: writer
          instructions: "You write for {{ .workflow.input.audience }}."
          tools:
            - work
            - id: inline_tool
              description: declared where it is used
              input: { type: object }
          actions:
            - id: haiku
              prompt: "A haiku about {{ .input.topic }}"
              input:
                type: object
                properties: { topic: { type: string } }
                required: [topic]
              output:
                type: object
                properties: { text: { type: string } }
      tasks:
        - id: write
          type: basic
          agent: writer
          action: haiku
          with:
            topic: "{{ .workflow.input.topic }}"
          retries: 2
          outputs:
            poem: "{{ .output.text }}"
      """;

  @Test
  void anAgentTaskBecomesAResolvedStepAndItsUsageIsKept() {
    Scenario s = Scenario.of(WORKFLOW).start(Map.of("topic", "rain", "audience", "children"));
    AgentStep step = s.agentStep("write");
    assertThat(step.agentId()).isEqualTo("writer");
    assertThat(step.actionId()).isEqualTo("haiku");
    assertThat(step.instructions()).isEqualTo("You write for children.");
    assertThat(step.prompt()).isEqualTo("A haiku about rain");
    assertThat(step.input()).isEqualTo(Map.of("topic", "rain"));
    assertThat(step.outputSchema()).containsEntry("type", "object");
    assertThat(step.model().id()).isEqualTo("fast"); // the project's default model
    assertThat(step.tools()).extracting(ToolDef::id).containsExactly("work", "inline_tool");
    assertThat(step.maxIterations()).isEqualTo(100);
    assertThat(step.runtime().entrypoint()).isEqualTo("/tools.js");

    s.succeedWithUsage("write", Map.of("text", "drops"), Map.of("mock:echo", new Usage(12, 3, 2)));
    assertThat(s.status()).isEqualTo(ExecutionStatus.SUCCESS);
    assertThat(s.task("write").output()).isEqualTo(Map.of("poem", "drops"));
    assertThat(s.state().totalUsage()).isEqualTo(Map.of("mock:echo", new Usage(12, 3, 2)));
  }

  static final String KNOWING =
      """
      id: wf
      knowledge_bases:
        - {id: handbook, sources: [{type: markdown_glob, path: "docs/*.md"}], retrieval: {top_k: 9, min_score: \
      0.3, max_tokens: 500}}
      knowledge: [{id: handbook, retrieval: {top_k: 4, max_tokens: 100}}]
      agents:
        - id: writer
          knowledge: [{id: handbook, top_k: 2}]
      tasks:
        - id: write
          agent: writer
          prompt: "rain"
          TASK_KNOWLEDGE
      """;

  @Test
  void theNearestKnowledgeBindingWinsOverTheBasesSettings() {
    AgentStep byTask =
        Scenario.of(
                KNOWING.replace("TASK_KNOWLEDGE", "knowledge: [{id: handbook, min_score: 0.5}]"))
            .start(Map.of())
            .agentStep("write");
    assertThat(byTask.knowledge())
        .isEqualTo(
            new AgentStep.Knowledge("handbook", 9, 0.5, 500)); // the task's binding, then the base
    AgentStep byAgent =
        Scenario.of(KNOWING.replace("TASK_KNOWLEDGE", "")).start(Map.of()).agentStep("write");
    assertThat(byAgent.knowledge())
        .isEqualTo(
            new AgentStep.Knowledge(
                "handbook", 2, 0.3, 500)); // the agent's wins over the workflow's
    AgentStep byWorkflow =
        Scenario.of(
                KNOWING
                    .replace("TASK_KNOWLEDGE", "")
                    .replace("    knowledge: [{id: handbook, top_k: 2}]\n", ""))
            .start(Map.of())
            .agentStep("write");
    assertThat(byWorkflow.knowledge()).isEqualTo(new AgentStep.Knowledge("handbook", 4, 0.3, 100));
    assertThat(
            Scenario.of(WORKFLOW)
                .start(Map.of("topic", "rain", "audience", "all"))
                .agentStep("write")
                .knowledge())
        .isNull();
  }

  @Test
  void aBaseStoredOnItsOwnGivesItsCurrentSettings() {
    // a base of the project, put through the API since: its stored definition is the one that
    // counts
    String bound =
        """
        id: wf
        agents:
          - id: writer
        tasks:
          - id: write
            agent: writer
            prompt: "rain"
            knowledge: [{id: handbook}]
        """;
    var stored =
        Json.YAML.readValue(
            "{id: handbook, sources: [], retrieval: {top_k: 7, min_score: 0.2, max_tokens: 300}}",
            KnowledgeBaseDef.class);
    AgentStep step =
        Scenario.of(bound).withStoredKnowledgeBases(stored).start(Map.of()).agentStep("write");
    assertThat(step.knowledge()).isEqualTo(new AgentStep.Knowledge("handbook", 7, 0.2, 300));
  }

  @Test
  void theActionMayBeATemplate() {
    Scenario s =
        Scenario.of(WORKFLOW.replace("action: haiku", "action: \"{{ .workflow.input.kind }}\""))
            .start(Map.of("topic", "rain", "audience", "all", "kind", "haiku"));
    assertThat(s.agentStep("write").actionId()).isEqualTo("haiku");
    Scenario wrong =
        Scenario.of(WORKFLOW.replace("action: haiku", "action: \"{{ .workflow.input.kind }}\""))
            .start(Map.of("topic", "rain", "audience", "all", "kind", "sonnet"));
    assertThat(wrong.task("write").error().message())
        .contains("agent 'writer' has no action 'sonnet'");
  }

  @Test
  void aRetriedAgentStepKeepsItsInput() {
    Scenario s = Scenario.of(WORKFLOW).start(Map.of("topic", "rain", "audience", "all"));
    s.fail("write", "provider_unavailable", true).fire(TimerKind.RETRY, "write");
    AgentStep again = s.agentStep("write");
    assertThat(again.attempt()).isEqualTo(2);
    assertThat(again.input()).isEqualTo(Map.of("topic", "rain"));
  }

  @Test
  void whatDoesNotResolveFailsTheTaskNamingIt() {
    assertFails(
        WORKFLOW.replace("agent: writer", "agent: ghost"),
        "agent_not_found",
        "agent 'ghost' is not defined");
    assertFails(
        WORKFLOW.replace("action: haiku", "action: sonnet"),
        "action_not_found",
        "has no action 'sonnet' (it has [haiku])");
    assertFails(
        WORKFLOW.replace("topic: \"{{ .workflow.input.topic }}\"", "topic: 42"),
        "invalid_agent_input",
        "/topic");
    assertFails(WORKFLOW.replace("- work\n", "- missing\n"), "tool_not_found", "'missing'");
    assertFails(
        WORKFLOW.replace("retries: 2", "retries: 2\n    model_config: nope"),
        "model_not_found",
        "'nope'");
  }

  @Test
  void aModelReferenceByProviderAndNameAndABarePromptResolve() {
    Scenario s =
        Scenario.of(
                """
                id: wf
                tasks:
                  - id: ask
                    prompt: "Say hi to {{ .workflow.input.name }}"
                    model_config: openai:gpt-4o-mini
                """)
            .start(Map.of("name", "Ada"));
    AgentStep step = s.agentStep("ask");
    assertThat(step.prompt()).isEqualTo("Say hi to Ada");
    assertThat(step.model().provider()).isEqualTo("openai");
    assertThat(step.model().model()).isEqualTo("gpt-4o-mini");
    assertThat(step.outputSchema()).isNull();
  }

  private static void assertFails(String yaml, String type, String message) {
    Scenario s = Scenario.of(yaml).start(Map.of("topic", "rain", "audience", "all"));
    assertThat(s.status()).as(yaml).isEqualTo(ExecutionStatus.FAILED);
    assertThat(s.task("write").error().type()).isEqualTo(type);
    assertThat(s.task("write").error().message()).contains(message);
  }
}
