package io.compozy.execution.agent;

import io.compozy.contracts.dsl.ToolDef;
import io.compozy.contracts.json.Json;
import io.compozy.contracts.message.AgentStep;
import io.compozy.contracts.message.StepError;
import io.compozy.contracts.message.StepSucceeded.Usage;
import io.compozy.contracts.schema.JsonSchemas;
import io.compozy.contracts.schema.Violation;
import io.compozy.execution.worker.ToolOutcome;
import io.compozy.support.tracing.TraceSpans;
import io.micrometer.tracing.Span;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.DefaultToolCallingChatOptions;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.ToolDefinition;

/**
 * The tool loop of one agent step: ask the model; run the tools it calls (in parallel, bounded) and
 * feed their results back; repeat until it answers or a budget ends it ({@code max_iterations},
 * tool failures in a row, the step's deadline). With an output schema the answer must be JSON that
 * validates; a wrong answer is sent back with the violations, twice at most.
 */
final class AgentLoop {
  static final int OUTPUT_RETRIES = 2;

  private final ToolCaller tools;
  private final CallGate gate;
  private final JsonSchemas schemas;
  private final int toolConcurrency;
  private final int maxConsecutiveToolErrors;
  private final Clock clock;

  /** Each model call as a span under the agent's (current on the agent's thread). */
  private volatile TraceSpans spans = TraceSpans.none();

  void traceWith(TraceSpans spans) {
    this.spans = spans;
  }

  AgentLoop(
      ToolCaller tools,
      CallGate gate,
      JsonSchemas schemas,
      int toolConcurrency,
      int maxConsecutiveToolErrors,
      Clock clock) {
    this.tools = tools;
    this.gate = gate;
    this.schemas = schemas;
    this.toolConcurrency = toolConcurrency;
    this.maxConsecutiveToolErrors = maxConsecutiveToolErrors;
    this.clock = clock;
  }

  AgentOutcome run(AgentStep step, ChatModels.ModelClient model) {
    return run(step, model, null, List.of());
  }

  /**
   * With a sink, answers are streamed and their text goes to the sink as it arrives; {@code
   * history} (from the agent's memories) comes between the system prompt and the prompt.
   */
  AgentOutcome run(
      AgentStep step,
      ChatModels.ModelClient client,
      @Nullable ChunkSink sink,
      List<Message> history) {
    return run(step, client, sink, history, new UserMessage(step.prompt()));
  }

  /** As above, the user's message given (the prompt with its attachments). */
  AgentOutcome run(
      AgentStep step,
      ChatModels.ModelClient client,
      @Nullable ChunkSink sink,
      List<Message> history,
      UserMessage user) {
    ChatModel model = client.chat();
    String label = ChatModels.label(step.model());
    Map<String, Usage> usage = new LinkedHashMap<>();
    List<Message> messages = new ArrayList<>();
    String system = systemPrompt(step);
    if (!system.isBlank()) {
      messages.add(new SystemMessage(system));
    }
    messages.addAll(history);
    messages.add(user);
    ChatOptions options = options(step, client);
    int outputRetries = 0;
    int toolErrorsInARow = 0;
    AtomicInteger chunks = new AtomicInteger();
    for (int iteration = 1; ; iteration++) {
      if (iteration > step.maxIterations()) {
        return failed(
            "max_iterations",
            "agent '"
                + step.agentId()
                + "' used its "
                + step.maxIterations()
                + " iterations (max_iterations) without a final answer",
            false,
            usage);
      }
      if (clock.instant().isAfter(step.deadline())) {
        return failed(
            "agent_timeout", "agent '" + step.agentId() + "' ran past its deadline", true, usage);
      }
      ChatResponse response;
      CallGate.Turn turn = null;
      Span call =
          spans.child(
              "chat " + label,
              Map.of("gen_ai.request.model", label, "iteration", Integer.toString(iteration)));
      try {
        turn = gate.acquire(step.model(), step.deadline());
        Prompt prompt = new Prompt(List.copyOf(messages), options);
        response = sink == null ? model.call(prompt) : streamed(model, prompt, sink, chunks);
      } catch (RuntimeException e) {
        if (turn != null) {
          turn.release(0);
        }
        ProviderErrors.Classified c = ProviderErrors.classify(e, label);
        call.tag("error", c.error().type());
        call.end();
        return new AgentOutcome.Failed(c.error(), c.retryable(), usage);
      }
      Usage before = usage.getOrDefault(label, new Usage(0, 0, 0));
      Usage spent = count(usage, label, response);
      call.tag(
          "gen_ai.usage.input_tokens",
          Long.toString(usage.get(label).promptTokens() - before.promptTokens()));
      call.tag(
          "gen_ai.usage.output_tokens",
          Long.toString(usage.get(label).completionTokens() - before.completionTokens()));
      call.end();
      turn.release(spent.promptTokens() + spent.completionTokens());
      if (response.getResult() == null) {
        return failed("provider_invalid_response", label + " returned no answer", true, usage);
      }
      AssistantMessage answer = response.getResult().getOutput();
      if (answer.hasToolCalls()) {
        messages.add(answer);
        ToolResults results = runTools(step, answer.getToolCalls());
        messages.add(ToolResponseMessage.builder().responses(results.responses()).build());
        toolErrorsInARow = results.allFailed() ? toolErrorsInARow + 1 : 0;
        if (toolErrorsInARow >= maxConsecutiveToolErrors) {
          return failed(
              "tool_errors",
              "agent '"
                  + step.agentId()
                  + "': tool calls failed "
                  + toolErrorsInARow
                  + " times in a row; last: "
                  + results.lastError(),
              false,
              usage);
        }
        continue;
      }
      String text = answer.getText() == null ? "" : answer.getText();
      if (step.outputSchema() == null) {
        return new AgentOutcome.Succeeded(Map.of("response", text), usage, text);
      }
      Checked checked = check(step.outputSchema(), text);
      if (checked.problems().isEmpty()) {
        return new AgentOutcome.Succeeded(checked.value(), usage, text);
      }
      if (outputRetries == OUTPUT_RETRIES) {
        return failed(
            "invalid_output",
            "agent '"
                + step.agentId()
                + "' answered "
                + (OUTPUT_RETRIES + 1)
                + " times without matching the action's output schema; last answer: "
                + checked.problems(),
            false,
            usage);
      }
      outputRetries++;
      messages.add(answer);
      messages.add(
          new UserMessage(
              "Your answer does not match the required output schema: "
                  + checked.problems()
                  + ". Answer again with only a JSON value that matches the schema."));
    }
  }

  /**
   * One streamed model call, gathered into a response: text pieces go to the sink as they come,
   * tool calls are collected (by id; a later piece of the same call replaces an earlier one) and
   * the usage is the last one reported.
   */
  private static ChatResponse streamed(
      ChatModel model, Prompt prompt, ChunkSink sink, AtomicInteger chunks) {
    StringBuilder text = new StringBuilder();
    Map<String, AssistantMessage.ToolCall> calls = new LinkedHashMap<>();
    org.springframework.ai.chat.metadata.Usage usage = null;
    for (ChatResponse piece : model.stream(prompt).toIterable()) {
      if (piece.getResult() != null && piece.getResult().getOutput() != null) {
        AssistantMessage out = piece.getResult().getOutput();
        if (out.getText() != null && !out.getText().isEmpty()) {
          text.append(out.getText());
          sink.text(chunks.getAndIncrement(), out.getText());
        }
        out.getToolCalls()
            .forEach(
                c ->
                    calls.put(
                        c.id() == null || c.id().isEmpty() ? "call_" + calls.size() : c.id(), c));
      }
      var u = piece.getMetadata() == null ? null : piece.getMetadata().getUsage();
      if (u != null && u.getTotalTokens() != null && u.getTotalTokens() > 0) {
        usage = u;
      }
    }
    AssistantMessage answer =
        AssistantMessage.builder()
            .content(text.toString())
            .toolCalls(List.copyOf(calls.values()))
            .build();
    var metadata = ChatResponseMetadata.builder();
    if (usage != null) {
      metadata.usage(usage);
    }
    return new ChatResponse(List.of(new Generation(answer)), metadata.build());
  }

  private static String systemPrompt(AgentStep step) {
    StringBuilder s = new StringBuilder(step.instructions() == null ? "" : step.instructions());
    if (step.outputSchema() != null) {
      if (!s.isEmpty()) {
        s.append("\n\n");
      }
      s.append(MockChatModel.SCHEMA_ASK).append(Json.write(step.outputSchema()));
    }
    return s.toString();
  }

  /** The call's options in the provider's own type: the model, its params, the offered tools. */
  private static ChatOptions options(AgentStep step, ChatModels.ModelClient client) {
    Map<String, Object> p = step.model().paramsOrEmpty();
    DefaultToolCallingChatOptions.Builder<?> b = client.options().get();
    b.model(step.model().model());
    if (p.get("temperature") instanceof Number n) {
      b.temperature(n.doubleValue());
    }
    if (p.get("max_tokens") instanceof Number n) {
      b.maxTokens(n.intValue());
    }
    if (p.get("top_p") instanceof Number n) {
      b.topP(n.doubleValue());
    }
    if (p.get("top_k") instanceof Number n) {
      b.topK(n.intValue());
    }
    if (p.get("stop_words") instanceof List<?> stop) {
      b.stopSequences(stop.stream().map(String::valueOf).toList());
    }
    if (client.openAi() && p.get("seed") instanceof Number n) {
      ((OpenAiChatOptions.Builder) b).seed(n.intValue());
    }
    if (!step.tools().isEmpty()) {
      b.toolCallbacks(step.tools().stream().<ToolCallback>map(OfferedTool::new).toList());
    }
    return b.build();
  }

  private record ToolResults(
      List<ToolResponseMessage.ToolResponse> responses,
      boolean allFailed,
      @Nullable String lastError) {}

  private ToolResults runTools(AgentStep step, List<AssistantMessage.ToolCall> calls) {
    Semaphore permits = new Semaphore(toolConcurrency);
    List<CompletableFuture<ToolCallResult>> running = new ArrayList<>();
    for (AssistantMessage.ToolCall call : calls) {
      permits.acquireUninterruptibly();
      CompletableFuture<ToolCallResult> f;
      try {
        f = runTool(step, call);
      } catch (RuntimeException e) {
        f =
            CompletableFuture.completedFuture(
                ToolCallResult.error(call, "tool call failed: " + e.getMessage()));
      }
      running.add(f.whenComplete((r, e) -> permits.release()));
    }
    List<ToolResponseMessage.ToolResponse> responses = new ArrayList<>();
    boolean allFailed = true;
    String lastError = null;
    for (CompletableFuture<ToolCallResult> f : running) {
      ToolCallResult r = f.join();
      responses.add(new ToolResponseMessage.ToolResponse(r.call().id(), r.call().name(), r.data()));
      if (r.error() == null) {
        allFailed = false;
      } else {
        lastError = r.call().name() + ": " + r.error();
      }
    }
    return new ToolResults(responses, allFailed && !responses.isEmpty(), lastError);
  }

  private record ToolCallResult(
      AssistantMessage.ToolCall call, String data, @Nullable String error) {
    static ToolCallResult error(AssistantMessage.ToolCall call, String message) {
      return new ToolCallResult(call, Json.write(Map.of("error", message)), message);
    }
  }

  @SuppressWarnings("unchecked")
  private CompletableFuture<ToolCallResult> runTool(
      AgentStep step, AssistantMessage.ToolCall call) {
    ToolDef tool =
        step.tools().stream().filter(t -> t.id().equals(call.name())).findFirst().orElse(null);
    if (tool == null) {
      return done(
          ToolCallResult.error(
              call,
              "there is no tool '"
                  + call.name()
                  + "'; the tools are "
                  + step.tools().stream().map(ToolDef::id).toList()));
    }
    Map<String, Object> input = new LinkedHashMap<>();
    if (tool.with() != null) {
      input.putAll(tool.with());
    }
    try {
      Object args =
          call.arguments() == null || call.arguments().isBlank()
              ? Map.of()
              : Json.plain(call.arguments());
      if (!(args instanceof Map<?, ?> m)) {
        return done(ToolCallResult.error(call, "the arguments must be a JSON object"));
      }
      input.putAll((Map<String, Object>) m);
    } catch (RuntimeException e) {
      return done(
          ToolCallResult.error(call, "the arguments are not valid JSON: " + e.getMessage()));
    }
    if (tool.input() != null) {
      List<Violation> violations = schemas.validate(tool.input(), input, "");
      if (!violations.isEmpty()) {
        return done(
            ToolCallResult.error(
                call, "the arguments do not match the tool's input schema: " + violations));
      }
    }
    return tools
        .call(step, tool, call.id(), input)
        .thenApply(
            outcome ->
                switch (outcome) {
                  case ToolOutcome.Failed f ->
                      ToolCallResult.error(call, f.error().type() + ": " + f.error().message());
                  case ToolOutcome.Succeeded s -> {
                    if (tool.output() != null) {
                      List<Violation> violations = schemas.validate(tool.output(), s.output(), "");
                      if (!violations.isEmpty()) {
                        yield ToolCallResult.error(
                            call,
                            "the tool's result does not match its output schema: " + violations);
                      }
                    }
                    yield new ToolCallResult(call, Json.write(s.output()), null);
                  }
                });
  }

  private static CompletableFuture<ToolCallResult> done(ToolCallResult r) {
    return CompletableFuture.completedFuture(r);
  }

  private record Checked(@Nullable Object value, List<String> problems) {}

  /** The answer as JSON (a fenced block is accepted) and what is wrong with it. */
  private Checked check(Map<String, Object> schema, String text) {
    String json = text.strip();
    if (json.startsWith("```")) {
      int firstLine = json.indexOf('\n');
      int fence = json.lastIndexOf("```");
      json =
          firstLine > 0 && fence > firstLine ? json.substring(firstLine + 1, fence).strip() : json;
    }
    Object value;
    try {
      value = Json.plain(json);
    } catch (RuntimeException e) {
      return new Checked(null, List.of("it is not JSON"));
    }
    List<String> problems =
        schemas.validate(schema, value, "").stream()
            .map(v -> (v.pointer().isEmpty() ? "/" : v.pointer()) + " " + v.message())
            .toList();
    return new Checked(value, problems);
  }

  private static Usage count(Map<String, Usage> usage, String label, ChatResponse response) {
    var u = response.getMetadata() == null ? null : response.getMetadata().getUsage();
    long prompt = u == null || u.getPromptTokens() == null ? 0 : u.getPromptTokens();
    long completion = u == null || u.getCompletionTokens() == null ? 0 : u.getCompletionTokens();
    Usage spent = new Usage(prompt, completion, 1);
    usage.merge(label, spent, Usage::plus);
    return spent;
  }

  private static AgentOutcome failed(
      String type, String message, boolean retryable, Map<String, Usage> usage) {
    return new AgentOutcome.Failed(new StepError(type, message), retryable, usage);
  }

  /** A tool offered to the model: its definition only; the loop runs it, never Spring AI. */
  private record OfferedTool(ToolDef tool) implements ToolCallback {
    @Override
    public ToolDefinition getToolDefinition() {
      Map<String, Object> schema =
          tool.input() != null ? tool.input() : Map.of("type", "object", "properties", Map.of());
      return ToolDefinition.builder()
          .name(tool.id())
          .description(tool.description() == null ? tool.id() : tool.description())
          .inputSchema(Json.write(schema))
          .build();
    }

    @Override
    public String call(String toolInput) {
      throw new IllegalStateException("tools are run by the agent loop, not by the model client");
    }
  }
}
