package io.compozy.execution.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.compozy.contracts.dsl.ModelDef;
import io.compozy.contracts.json.Json;
import io.compozy.contracts.schema.JsonSchemas;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;

/** The offline mock provider answers exactly as DSL.md specifies. */
class MockChatModelTest {
  static final ModelDef SCRIPTED =
      new ModelDef(
          "m",
          "mock",
          "scripted",
          null,
          null,
          null,
          null,
          Map.of(
              "responses",
              List.of(
                  Map.of("after_tool", "lookup", "content", Map.of("category", "billing")),
                  Map.of(
                      "when",
                      "(?i)refund",
                      "tool_calls",
                      List.of(
                          Map.of(
                              "name", "lookup", "arguments", Map.of("email", "ada@example.com")))),
                  Map.of("when", "^hello$", "content", "hi yourself"))),
          null);

  static ChatResponse call(ModelDef model, Message... messages) {
    return new MockChatModel(model).call(new Prompt(List.of(messages)));
  }

  @Test
  void echoAnswersWithTheLastUserMessageAndCountsWords() {
    ModelDef echo = new ModelDef(null, "mock", "echo", null, null, null, null, null, null);
    ChatResponse r =
        call(
            echo,
            new SystemMessage("be kind"),
            new UserMessage("first"),
            new UserMessage("say it back please"));
    assertThat(r.getResult().getOutput().getText()).isEqualTo("say it back please");
    assertThat(r.getMetadata().getUsage().getPromptTokens()).isEqualTo(7);
    assertThat(r.getMetadata().getUsage().getCompletionTokens()).isEqualTo(4);
  }

  @SuppressWarnings("unchecked") // JSON read as maps
  @Test
  void echoAsksForAJsonSchemaGetsTheSmallestValueOfThatShape() {
    ModelDef echo = new ModelDef(null, "mock", "echo", null, null, null, null, null, null);
    Map<String, Object> schema =
        Map.of(
            "type",
            "object",
            "required",
            List.of("reply", "score", "tags", "level"),
            "properties",
            Map.of(
                "reply",
                Map.of("type", "string"),
                "score",
                Map.of("type", "integer", "minimum", 1),
                "tags",
                Map.of("type", "array", "minItems", 1, "items", Map.of("type", "string")),
                "level",
                Map.of("enum", List.of("low", "high")),
                "extra",
                Map.of("type", "boolean")));
    String answer =
        call(
                echo,
                new SystemMessage("Be brief.\n\n" + MockChatModel.SCHEMA_ASK + Json.write(schema)),
                new UserMessage("hi"))
            .getResult()
            .getOutput()
            .getText();
    assertThat(Json.MAPPER.readValue(answer, Map.class))
        .isEqualTo(Map.of("reply", "hi", "score", 1, "tags", List.of("hi"), "level", "low"));
    assertThat(new JsonSchemas().validate(schema, Json.MAPPER.readValue(answer, Map.class), ""))
        .isEmpty();
  }

  @SuppressWarnings("unchecked") // JSON read as maps
  @Test
  void aSchemaWhoseChoiceOnlyNamesRequiredFieldsKeepsItsOwnShape() {
    // Compozy's github example: an object whose anyOf says which of its properties are required
    ModelDef echo = new ModelDef(null, "mock", "echo", null, null, null, null, null, null);
    Map<String, Object> schema =
        Map.of(
            "type",
            "object",
            "properties",
            Map.of(
                "number",
                Map.of("type", "integer"),
                "title",
                Map.of("type", "string"),
                "error",
                Map.of("type", "string")),
            "anyOf",
            List.of(
                Map.of("required", List.of("number", "title")),
                Map.of("required", List.of("error"))));
    String answer =
        call(
                echo,
                new SystemMessage(MockChatModel.SCHEMA_ASK + Json.write(schema)),
                new UserMessage("pr"))
            .getResult()
            .getOutput()
            .getText();
    assertThat(Json.MAPPER.readValue(answer, Map.class))
        .isEqualTo(Map.of("number", 0, "title", "pr"));
    assertThat(new JsonSchemas().validate(schema, Json.MAPPER.readValue(answer, Map.class), ""))
        .isEmpty();
  }

  @Test
  void scriptedAnswersTheFirstEntryThatApplies() {
    AssistantMessage call =
        call(SCRIPTED, new UserMessage("I want a REFUND")).getResult().getOutput();
    assertThat(call.getToolCalls())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.name()).isEqualTo("lookup");
              assertThat(c.arguments()).isEqualTo("{\"email\":\"ada@example.com\"}");
            });
    AssistantMessage after =
        call(
                SCRIPTED,
                new UserMessage("I want a REFUND"),
                call,
                ToolResponseMessage.builder()
                    .responses(List.of(new ToolResponseMessage.ToolResponse("c1", "lookup", "{}")))
                    .build())
            .getResult()
            .getOutput();
    assertThat(after.getText()).isEqualTo("{\"category\":\"billing\"}");
    assertThat(call(SCRIPTED, new UserMessage("hello")).getResult().getOutput().getText())
        .isEqualTo("hi yourself");
  }

  @Test
  void noApplicableEntryABadRegexOrAnUnknownMockModelAreClearErrors() {
    assertThatThrownBy(() -> call(SCRIPTED, new UserMessage("something else")))
        .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining("no response for: something else");
    ModelDef badRegex =
        new ModelDef(
            null,
            "mock",
            "scripted",
            null,
            null,
            null,
            null,
            Map.of("responses", List.of(Map.of("when", "(", "content", "x"))),
            null);
    assertThatThrownBy(() -> call(badRegex, new UserMessage("x")))
        .hasMessageContaining("not a valid regex");
    assertThatThrownBy(
            () ->
                new MockChatModel(
                    new ModelDef(null, "mock", "gpt-5", null, null, null, null, null, null)))
        .hasMessageContaining("neither `echo` nor `scripted`");
  }
}
