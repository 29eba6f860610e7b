package io.compozy.execution.agent;

import static io.compozy.execution.agent.ScriptedOpenAiServer.text;
import static io.compozy.execution.agent.ScriptedOpenAiServer.toolCalls;
import static org.assertj.core.api.Assertions.assertThat;

import io.compozy.contracts.dsl.McpDef;
import io.compozy.contracts.dsl.McpTransport;
import io.compozy.contracts.dsl.ModelDef;
import io.compozy.contracts.message.AgentStep;
import io.compozy.execution.mcp.McpClients;
import io.compozy.execution.mcp.McpClientsTest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** An agent that lists an MCP server is offered its tools and calls them through the loop. */
class AgentMcpTest {
  static ScriptedOpenAiServer openai;
  static McpClients mcp;
  static AgentRunner runner;

  @BeforeAll
  static void start() throws Exception {
    McpClientsTest.install();
    openai = new ScriptedOpenAiServer();
    mcp = new McpClients();
    AgentProperties properties =
        new AgentProperties(0, Duration.ofSeconds(20), 4, 3, null, Map.of(), false, null);
    ToolCaller noScripts =
        (step, tool, callId, input) -> {
          throw new AssertionError("only MCP tools in this test");
        };
    runner =
        new AgentRunner(
            new ChatModels(properties),
            AgentRunner.withMcp(noScripts, mcp),
            mcp,
            CallGate.OPEN,
            null,
            null,
            properties,
            Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    openai.close();
    runner.destroy();
    mcp.destroy();
  }

  @Test
  void theAgentCallsTheServersEchoTool() {
    openai.then(toolCalls("echo", "{\"message\": \"from the model\"}"), text("done"));
    McpDef server =
        new McpDef(
            "everything",
            null,
            null,
            McpTransport.STDIO,
            null,
            "node",
            List.of(McpClientsTest.SERVER.toString(), "stdio"),
            null,
            null,
            "20s");
    ModelDef model =
        new ModelDef(
            null, "openai", "gpt-test", "sk-test", openai.baseUrl(), null, null, null, null);
    AgentStep step =
        new AgentStep(
            "step:e/t/1",
            "e",
            "wf",
            "t",
            "e/t/1",
            1,
            "helper",
            null,
            null,
            "say it",
            Map.of(),
            null,
            model,
            List.of(),
            null,
            5,
            Instant.now().plusSeconds(60),
            null,
            List.of(server),
            null,
            null);
    assertThat(runner.run(step).join()).isInstanceOf(AgentOutcome.Succeeded.class);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> offered =
        (List<Map<String, Object>>) openai.requests().getFirst().get("tools");
    assertThat(offered)
        .extracting(t -> (Object) ((Map<?, ?>) t.get("function")).get("name"))
        .contains("echo");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> second =
        (List<Map<String, Object>>) openai.requests().get(1).get("messages");
    assertThat(second)
        .filteredOn(m -> "tool".equals(m.get("role")))
        .singleElement()
        .satisfies(
            m -> assertThat(String.valueOf(m.get("content"))).contains("Echo: from the model"));
  }
}
